package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.ServerProcess;
import nc.testing.SignedClient;
import org.junit.jupiter.api.Test;

/** NC_LOG_FORMAT=json: one JSON object per request on the server's output, with request id, operation and account. */
class JsonAccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<JsonNode> lineOf(String output, String requestId) {
        for (String line : output.split("\n")) {
            if (line.startsWith("{") && line.contains(requestId)) {
                try {
                    return Optional.of(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void eachRequestIsOneJsonLineNamingItsOperationAndAccount() throws IOException {
        Path data = Files.createTempDirectory("nc-json-log").resolve("data");
        try (ServerProcess process = new ServerProcess(data).withEnv("NC_LOG_FORMAT", "json")
                .withJvmOption("-Dorg.slf4j.simpleLogger.log.nc.access=info").start()) {
            SignedClient client = process.client();
            AdminClient admin = new AdminClient(process.endpoint(), Files.readString(data.resolve("admin-token")).strip());
            ApiResponse accounts = admin.get("/admin/accounts");
            assertThat(accounts.status()).isEqualTo(200);
            String accountId = accounts.result().path("accounts").get(0).path("accountId").asText();
            assertThat(accountId).isNotBlank();

            ApiResponse listed = client.get("/v1/regions/cn-north-1/containers", Map.of("pageSize", "10"));
            assertThat(listed.status()).isEqualTo(200);
            ApiResponse missing = client.get("/v1/regions/cn-north-1/secrets/none-such");
            assertThat(missing.status()).isEqualTo(404);

            String listedId = listed.json().path("requestId").asText();
            String missingId = missing.json().path("requestId").asText();
            String adminId = accounts.json().path("requestId").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> lineOf(process.output(), missingId).isPresent());
            String output = process.output();

            JsonNode list = lineOf(output, listedId).orElseThrow();
            assertThat(list.path("operation").asText()).isEqualTo("describeContainers");
            assertThat(list.path("account").asText()).isEqualTo(accountId);
            assertThat(list.path("method").asText()).isEqualTo("GET");
            assertThat(list.path("path").asText()).isEqualTo("/v1/regions/cn-north-1/containers");
            assertThat(list.path("status").asInt()).isEqualTo(200);
            assertThat(list.path("micros").asLong()).isPositive();
            assertThat(list.path("logger").asText()).isEqualTo("nc.access");

            JsonNode refused = lineOf(output, missingId).orElseThrow();
            assertThat(refused.path("operation").asText()).isEqualTo("describeSecret");
            assertThat(refused.path("status").asInt()).isEqualTo(404);
            assertThat(refused.path("error").asText()).isEqualTo("NOT_FOUND");

            JsonNode operator = lineOf(output, adminId).orElseThrow();
            assertThat(operator.path("operation").asText()).isEqualTo("listAccounts");
            assertThat(operator.path("account").isNull()).isTrue();

            // (the first start prints the new account's keys once; the access lines never carry a credential)
            String accessLines = String.join("\n", output.lines().filter(l -> l.startsWith("{")).toList());
            assertThat(accessLines.lines().count()).isGreaterThanOrEqualTo(3);
            assertThat(accessLines).doesNotContain(process.file("credentials.json").path("secretKey").asText())
                    .doesNotContain(Files.readString(data.resolve("admin-token")).strip()).doesNotContain("Signature=");
        }
    }
}
