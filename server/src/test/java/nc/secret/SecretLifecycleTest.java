package nc.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecretLifecycleTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    static TestServer server;
    static SignedClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createdSecretIsDescribedWithoutItsPassword() {
        ApiResponse created = client.post(SECRETS, Secrets.body("my-registry"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("secretName").asText()).isEqualTo("my-registry");

        ApiResponse described = client.get(SECRETS + "/my-registry");
        assertThat(described.status()).isEqualTo(200);
        var secret = described.result().path("secret");
        assertThat(secret.path("name").asText()).isEqualTo("my-registry");
        assertThat(secret.path("type").asText()).isEqualTo("docker-registry");
        assertThat(secret.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(secret.path("data").path("server").asText()).isEqualTo(Secrets.b64("registry.example.com"));
        assertThat(secret.path("data").path("username").asText()).isEqualTo(Secrets.b64("bob"));
        assertThat(secret.path("data").path("email").asText()).isEqualTo(Secrets.b64("bob@example.com"));
        assertThat(secret.path("data").has("password")).isFalse();
        assertThat(described.body()).doesNotContain(Secrets.b64(Secrets.PASSWORD)).doesNotContain(Secrets.PASSWORD);
    }

    @Test
    void deletedSecretIsGone() {
        assertThat(client.post(SECRETS, Secrets.body("short-lived")).status()).isEqualTo(200);
        ApiResponse deleted = client.delete(SECRETS + "/short-lived");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().has("result")).isFalse();
        assertThat(deleted.json().path("requestId").asText()).hasSize(32);
        ApiResponse again = client.get(SECRETS + "/short-lived");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(again.errorMessage()).isEqualTo("secret short-lived not found");
    }

    @Test
    void listFiltersByNameSubstringIgnoringCase() {
        client.post(SECRETS, Secrets.body("alpha-web"));
        client.post(SECRETS, Secrets.body("beta-db"));
        ApiResponse listed = client.get(SECRETS, Map.of("filters.1.name", "name", "filters.1.values.1", "WEB"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(1);
        assertThat(listed.result().path("secrets").get(0).path("name").asText()).isEqualTo("alpha-web");
    }
}
