package nc.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import nc.config.Config;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.store.Database;
import nc.store.Settings;

/** nc as its own process (java nc.Main on the test classpath), so a test can SIGKILL it and start it again. */
public final class ServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dataDir;
    private final int port;
    private final Map<String, String> environment;
    private Process process;
    private final java.util.Map<String, String> extraEnv = new java.util.HashMap<>();
    private final java.util.List<String> jvmOptions = new java.util.ArrayList<>();

    public ServerProcess(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** With NC_* variables of the test's choosing (for example NC_DB_URL and NC_MASTER_KEY for a replica). */
    public ServerProcess(Path dataDir, Map<String, String> environment) {
        this.dataDir = dataDir;
        this.port = freePort();
        this.environment = Map.copyOf(environment);
    }

    /** An environment variable for the next start. */
    public ServerProcess withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** A JVM option (such as a log level) for the next start. */
    public ServerProcess withJvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** What the process wrote to stdout and stderr so far. */
    public String output() {
        try {
            return Files.readString(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerProcess start() {
        launch();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("nc exited with " + process.exitValue() + ": " + log());
            }
            return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        });
        return this;
    }

    /** Starts a server that is expected to refuse to start; its exit status. */
    public int startExpectingExit() {
        launch();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("nc did not exit within 60 s: " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** What the process printed (stdout and stderr). */
    public String log() {
        try {
            return Files.readString(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** The operator API with the token in this server's data folder. */
    public AdminClient admin() {
        return new AdminClient(endpoint(), adminToken());
    }

    /** The operator token this server wrote to its data folder. */
    public String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            command.addAll(jvmOptions);
            command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "nc.Main"));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(extraEnv);
            builder.environment().put("NC_DATA", dataDir.toString());
            builder.environment().put("NC_DISK_DIR", dataDir.resolve("disks").toString());
            builder.environment().put("NC_PORT", String.valueOf(port));
            builder.environment().put("NC_SYNC_SECONDS", "2");
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true).redirectOutput(logFile().toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM and wait: nc shuts down as on Ctrl-C; what it made in the engine and on the host stays. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public JsonNode file(String name) {
        try {
            return JSON.readTree(dataDir.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SignedClient client() {
        JsonNode credentials = file("credentials.json");
        return new SignedClient(endpoint(), credentials.path("accessKey").asText(), credentials.path("secretKey").asText());
    }

    /** Stops the server and removes what it left in the host's firewall (its data folder goes with the test). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
        String dbUrl = environment.get("NC_DB_URL");
        if (dbUrl != null || Files.exists(dataDir.resolve("nc.mv.db"))) {
            try (Database db = Database.open(Config.defaults(dataDir).withDatabase(dbUrl,
                    environment.getOrDefault("NC_DB_USER", ""), environment.getOrDefault("NC_DB_PASSWORD", "")))) {
                new Settings(db.jdbi()).get("service_id").map(KernelTenantNetwork::forOwner)
                        .filter(k -> k.problems().isEmpty()).ifPresent(KernelTenantNetwork::removeAll);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
