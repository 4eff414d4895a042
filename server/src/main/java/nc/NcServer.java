package nc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import nc.account.AccountService;
import nc.account.IssuedKey;
import nc.admin.AdminOperations;
import nc.api.ApiServer;
import nc.api.Operation;
import nc.auth.Authenticator;
import nc.common.Ids;
import nc.config.Config;
import nc.quota.QuotaOperations;
import nc.quota.QuotaService;
import nc.secret.SecretOperations;
import nc.secret.SecretService;
import nc.store.AtRestCipher;
import nc.store.Database;
import nc.store.Settings;
import java.net.URI;
import nc.admin.ResourceAdminOperations;
import nc.container.ContainerOperations;
import nc.container.ContainerService;
import nc.container.ContainerWorker;
import nc.container.InstanceTypes;
import nc.container.spec.ContainerSpecValidator;
import nc.disk.DiskService;
import nc.network.DefaultNetwork;
import nc.network.NetworkService;
import nc.runtime.ContainerRuntime;
import nc.runtime.docker.DockerRuntime;

/** The composition root: builds every part from the Config, starts and stops them. */
public final class NcServer implements AutoCloseable {
    /** Services whose signing scope this server answers for the nc API. */
    static final String NC = "nc";

    private final Config config;
    private final Database database;
    private final AccountService accounts;
    private final SecretService secrets;
    private final NetworkService network;
    private final ContainerRuntime runtime;
    private final ContainerWorker worker;
    private final ApiServer api;
    private final String owner;
    private final String operatorToken;
    private IssuedKey firstAccountKey;
    private DefaultNetwork defaultNetwork;
    private int port;

    private NcServer(Config config, ContainerRuntime runtime) {
        this.config = config;
        createDataDir(config.dataDir());
        AtRestCipher cipher = AtRestCipher.fromKeyFile(config.dataDir());
        this.operatorToken = readOrCreateToken(config.dataDir().resolve("admin-token"));
        this.database = Database.open(config);
        this.accounts = new AccountService(database.jdbi(), cipher, config.clock());
        QuotaService quotas = new QuotaService(database.jdbi(), accounts.repository(), config.defaultLimits());
        this.secrets = new SecretService(database.jdbi(), quotas, cipher, config.clock());
        this.network = new NetworkService(database.jdbi(), config.clock());
        this.runtime = runtime;
        DiskService disks = new DiskService(config.clock());
        InstanceTypes instanceTypes = new InstanceTypes(database.jdbi());
        this.owner = new Settings(database.jdbi()).getOrCreate("service_id", () -> Ids.resource("nc-"));
        this.worker = new ContainerWorker(database.jdbi(), network, disks, secrets, instanceTypes, runtime, owner,
                config.engine().registryMirror());
        ContainerSpecValidator validator = new ContainerSpecValidator(instanceTypes::contains, NcServer::zonesOf);
        ContainerService containers = new ContainerService(database.jdbi(), validator, accounts, quotas, network, disks, secrets,
                runtime, worker, config.clock());

        Set<String> ncScopes = config.acceptNativecontainerScope() ? Set.of(NC, "nativecontainer") : Set.of(NC);
        Set<String> served = new HashSet<>(ncScopes);
        served.add("vpc");
        served.add("disk");
        Authenticator authenticator = new Authenticator(accounts, config.clock(), config.clockSkew(), served);
        this.api = new ApiServer(authenticator, Set.copyOf(config.regions()), operatorToken)
                .register(java.util.List.of(Operation.open("health", "GET", "/health", call -> java.util.Map.of("status", "ok"))))
                .register(new SecretOperations(secrets).operations(ncScopes))
                .register(new QuotaOperations(quotas).operations(ncScopes))
                .register(new ContainerOperations(containers).operations(ncScopes))
                .register(new AdminOperations(accounts, config.defaultLimits()).operations())
                .register(new ResourceAdminOperations(accounts, network, containers, instanceTypes, config).operations());
    }

    /** Availability zones are the region id plus a letter (API.md §1.1). */
    static Set<String> zonesOf(String region) {
        return Set.of(region + "a", region + "b", region + "c");
    }

    /** Starts with the Docker Engine the config names. */
    public static NcServer start(Config config) {
        return start(config, new DockerRuntime(URI.create(config.engine().dockerHost())));
    }

    public static NcServer start(Config config, ContainerRuntime runtime) {
        NcServer server = new NcServer(config, runtime);
        try {
            server.ensureDefaultAccount();
            server.worker.begin(config.engine().syncEvery());
            server.port = server.api.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** On a first start: one account, its key pair written to {@code credentials.json}. */
    private void ensureDefaultAccount() {
        if (!accounts.noAccountYet()) {
            return;
        }
        firstAccountKey = accounts.create("default", true);
        Path file = config.dataDir().resolve("credentials.json");
        writePrivate(file, "{\"accessKey\": \"" + firstAccountKey.accessKey() + "\", \"secretKey\": \""
                + firstAccountKey.secretKey() + "\"}\n");
        defaultNetwork = DefaultNetwork.create(network, firstAccountKey.accountId(), config.regions().get(0));
        writePrivate(config.dataDir().resolve("defaults.json"), defaultNetwork.json());
    }

    /** The default network when this start created it, else null. */
    public DefaultNetwork createdDefaultNetwork() {
        return defaultNetwork;
    }

    /** This installation's id: the value of the nc.owner label on every engine object it makes. */
    public String owner() {
        return owner;
    }

    public ContainerWorker worker() {
        return worker;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    public int port() {
        return port;
    }

    public Config config() {
        return config;
    }

    public String operatorToken() {
        return operatorToken;
    }

    /** The default account's keys when this start created them, else null. */
    public IssuedKey createdDefaultAccount() {
        return firstAccountKey;
    }

    public AccountService accounts() {
        return accounts;
    }

    public SecretService secrets() {
        return secrets;
    }

    @Override
    public void close() {
        api.stop();
        try {
            worker.close();
            runtime.close();
        } catch (IOException e) {
            // closing is best effort; the engine keeps running containers either way
        }
        database.close();
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + dir, e);
        }
    }

    private static String readOrCreateToken(Path file) {
        try {
            if (!Files.exists(file)) {
                writePrivate(file, Ids.requestId() + "\n");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writePrivate(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
