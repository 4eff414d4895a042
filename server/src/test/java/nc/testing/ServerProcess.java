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
import nc.config.Config;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.store.Database;
import nc.store.Settings;

/** nc as its own process (java nc.Main on the test classpath), so a test can SIGKILL it and start it again. */
public final class ServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dataDir;
    private final int port;
    private Process process;

    public ServerProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.port = freePort();
    }

    public ServerProcess start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"), "nc.Main");
            builder.environment().put("NC_DATA", dataDir.toString());
            builder.environment().put("NC_DISK_DIR", dataDir.resolve("disks").toString());
            builder.environment().put("NC_PORT", String.valueOf(port));
            builder.environment().put("NC_SYNC_SECONDS", "2");
            builder.redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        return this;
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
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Files.exists(dataDir.resolve("nc.mv.db"))) {
            try (Database db = Database.open(Config.defaults(dataDir))) {
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
