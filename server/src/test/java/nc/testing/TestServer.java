package nc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import nc.NcServer;
import nc.account.IssuedKey;
import nc.config.Config;

/** An nc server on a free loopback port, in its own data folder, with the default account's client. */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final Config config;
    private NcServer server;
    private IssuedKey defaultKey;

    private final nc.runtime.ContainerRuntime runtime;
    private final nc.disk.DiskProvisioner diskProvisioner;

    private TestServer(Path dataDir, Config config, nc.runtime.ContainerRuntime runtime, nc.disk.DiskProvisioner diskProvisioner) {
        this.dataDir = dataDir;
        this.config = config;
        this.runtime = runtime;
        this.diskProvisioner = diskProvisioner;
        this.server = launch(config);
        this.defaultKey = server.createdDefaultAccount();
    }

    private NcServer launch(Config config) {
        if (diskProvisioner != null) {
            return NcServer.start(config, runtime, diskProvisioner);
        }
        return runtime == null ? NcServer.start(config) : NcServer.start(config, runtime);
    }

    public static TestServer start() {
        return start(TestDatabase.H2, c -> c);
    }

    public static TestServer start(UnaryOperator<Config> customise) {
        return start(TestDatabase.H2, customise);
    }

    public static TestServer start(TestDatabase database) {
        return start(database, c -> c);
    }

    public static TestServer start(TestDatabase database, UnaryOperator<Config> customise) {
        return start(database, customise, null);
    }

    /** With a runtime of the test's choosing (for example a FakeRuntime); null means the real engine. */
    public static TestServer start(TestDatabase database, UnaryOperator<Config> customise, nc.runtime.ContainerRuntime runtime) {
        return start(database, customise, runtime, null);
    }

    /** With a runtime and the host side of disks of the test's choosing (null: the defaults). */
    public static TestServer start(TestDatabase database, UnaryOperator<Config> customise, nc.runtime.ContainerRuntime runtime,
            nc.disk.DiskProvisioner diskProvisioner) {
        try {
            Path dir = Files.createTempDirectory("nc-test");
            nc.runtime.host.StaleTestDisks.claim(dir);
            Config config = Config.defaults(dir).withPort(0);
            String url = database.freshUrl();
            if (url != null) {
                config = config.withDatabase(url, TestDatabase.user(), TestDatabase.password());
            }
            return new TestServer(dir, customise.apply(config), runtime, diskProvisioner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and starts a new one on the same data folder and database. */
    public void restart() {
        server.close();
        server = launch(config.withPort(0));
    }

    public NcServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public IssuedKey defaultKey() {
        return defaultKey;
    }

    /** A client signing as the default account. */
    public SignedClient client() {
        return new SignedClient(endpoint(), defaultKey.accessKey(), defaultKey.secretKey());
    }

    /** A client signing as a brand-new account. */
    public SignedClient newTenant() {
        IssuedKey key = server.accounts().create("tenant", true);
        return new SignedClient(endpoint(), key.accessKey(), key.secretKey());
    }

    public AdminClient admin() {
        return new AdminClient(endpoint(), server.operatorToken());
    }

    /**
     * Stops the server (HTTP and database) but keeps the data folder, so tests can inspect
     * what was written to disk; {@link #close()} still removes the folder afterwards.
     */
    public void stopKeepingData() {
        server.close();
    }

    /** Removes what this server made in the engine, so that the next test's default subnet does not collide. */
    private void removeEngineObjects() {
        var runtime = server.runtime();
        try {
            if (!runtime.available()) {
                return;
            }
            runtime.listByLabel("nc.owner", server.owner()).forEach(c -> runtime.remove(c.name()));
            runtime.volumesByLabel("nc.owner", server.owner()).forEach(runtime::removeVolume);
            runtime.networksByLabel("nc.owner", server.owner()).forEach(runtime::removeNetwork);
        } catch (RuntimeException e) {
            // already closed, or no engine: nothing of ours can be left there
        }
    }

    /** Removes the data disks this server leaves (loop devices, mounts, files); its data folder goes next. */
    private void removeDisks() {
        try {
            server.diskVolumes().sweep(disk -> false, disk -> false);
        } catch (RuntimeException e) {
            // engine volumes of a closed runtime: removeEngineObjects took them
        }
    }

    @Override
    public void close() {
        removeEngineObjects();
        try {
            server.close();
        } finally {
            // after the server stopped: its reconciler would make a removed VPC's namespace again
            server.datapath().removeAll();
            removeDisks();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
