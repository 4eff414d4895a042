package nc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.RawHttp;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of docs/api/nc.md §2.4 sent as exact bytes to a server whose clock reads the
 * examples' time and which knows the examples' key: they authenticate (whatever the operation
 * then says), and the nonce cannot be replayed. Examples A and B share a nonce, so each test
 * has a server of its own.
 */
class WorkedExamplesOverTheWireTest {
    TestServer server;

    @BeforeEach
    void start() {
        Clock exampleTime = Clock.fixed(Instant.parse("2018-09-01T08:30:00Z"), ZoneOffset.UTC);
        server = TestServer.start(c -> c.withClock(exampleTime));
        server.server().accounts().importKey(server.defaultKey().accountId(), "AKEXAMPLE1234567890", SignatureVectorsTest.SK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApiResponse send(String requestLine, String authorization, String nonce, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "nc.jdcloud-api.com");
        headers.put("Content-Type", "application/json");
        headers.put("x-jdcloud-date", SignatureVectorsTest.DATE);
        headers.put("x-jdcloud-nonce", nonce);
        headers.put("Authorization", authorization);
        return RawHttp.request(server.server().port(), requestLine, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jdcloud2ExamplesAuthenticateAndTheirNonceCannotBeReplayed() {
        ApiResponse first = send("POST " + SignatureVectorsTest.START_PATH + " HTTP/1.1",
                SignatureVectorsTest.AUTH_A, SignatureVectorsTest.NONCE, SignatureVectorsTest.JAVA_BODY);
        assertThat(first.errorStatus()).as(first.toString()).isNotIn("UNAUTHENTICATED", "PERMISSION_DENIED");

        ApiResponse replay = send("POST " + SignatureVectorsTest.START_PATH + " HTTP/1.1",
                SignatureVectorsTest.AUTH_A, SignatureVectorsTest.NONCE, SignatureVectorsTest.JAVA_BODY);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.errorStatus()).isEqualTo("PERMISSION_DENIED");
        assertThat(replay.errorMessage()).contains("nonce");
    }

    @Test
    void jdcloud2GetWithFiltersAuthenticates() {
        ApiResponse response = send("GET /v1/regions/cn-north-1/containers?" + SignatureVectorsTest.B_QUERY + " HTTP/1.1",
                SignatureVectorsTest.AUTH_B, SignatureVectorsTest.NONCE, "");
        assertThat(response.errorStatus()).as(response.toString()).isNotIn("UNAUTHENTICATED", "PERMISSION_DENIED");
    }

    @Test
    void jdcloud3PythonExampleAuthenticatesWithUnsignedDateAndNonce() {
        ApiResponse response = send("POST " + SignatureVectorsTest.START_PATH + " HTTP/1.1",
                SignatureVectorsTest.AUTH_C, "c-" + SignatureVectorsTest.NONCE, SignatureVectorsTest.PYTHON_BODY);
        assertThat(response.errorStatus()).as(response.toString()).isNotIn("UNAUTHENTICATED", "PERMISSION_DENIED");
    }

    @Test
    void aChangedByteOfTheBodyIsRefused() {
        ApiResponse response = send("POST " + SignatureVectorsTest.START_PATH + " HTTP/1.1",
                SignatureVectorsTest.AUTH_C, "d-" + SignatureVectorsTest.NONCE, SignatureVectorsTest.PYTHON_BODY.replace("1a", "1b"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.errorMessage()).isEqualTo("signature does not match");
    }
}
