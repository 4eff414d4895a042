package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nc.config.Config;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/** /_nc/health when the engine is unreachable: NC_DOCKER_HOST names a socket nothing listens on. */
class HealthWithoutEngineTest {

    @Test
    void aDeadEngineMakesTheServiceUnavailableAndHealthSaysWhich() throws IOException {
        Path dead = Files.createTempDirectory("nc-dead-engine").resolve("docker.sock");
        String host = "unix://" + dead;
        try (TestServer server = TestServer.start(TestDatabase.H2,
                c -> c.withEngine(new Config.Engine(host, null, Duration.ofSeconds(5))))) {
            int port = server.server().port();
            HttpResponse<String> response = Plain.get(port, "/_nc/health");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode health = Plain.json(response);
            assertThat(health.path("status").asText()).isEqualTo("down");
            assertThat(health.path("checks").path("engine").path("status").asText()).isEqualTo("down");
            assertThat(health.path("checks").path("engine").path("detail").asText()).contains(host);
            assertThat(health.path("checks").path("database").path("status").asText()).isEqualTo("up");

            // the old probe only says that the server listens
            assertThat(Plain.get(port, "/health").statusCode()).isEqualTo(200);
        }
    }
}
