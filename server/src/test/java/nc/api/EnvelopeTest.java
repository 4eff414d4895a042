package nc.api;

import static nc.testing.EnvelopeAssertions.assertEnvelope;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import nc.account.IssuedKey;
import nc.testing.ApiResponse;
import nc.testing.RawSocketClient;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/api/nc.md §1.5 and §3: every answer, whatever produced it (an operation, the authenticator, the
 * router, the health check, the admin API or Jetty itself), is a JSON envelope JD Cloud's clients
 * can parse: exact Content-Type, a requestId in body and header, and for errors code = HTTP status,
 * a §3.2 status string, a message, no result.
 */
class EnvelopeTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    /** Every requestId this class has seen: each must be new. */
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    static TestServer server;
    static SignedClient client;
    static RawSocketClient raw;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
        raw = new RawSocketClient(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The envelope, and a requestId never seen before in this class. */
    private static String envelope(ApiResponse r) {
        String id = assertEnvelope(r);
        assertThat(SEEN.add(id)).as("requestId %s is unique (%s)", id, r).isTrue();
        return id;
    }

    private static String error(ApiResponse r, int http, String status) {
        String id = assertError(r, http, status);
        assertThat(SEEN.add(id)).as("requestId %s is unique (%s)", id, r).isTrue();
        return id;
    }

    private static JsonNode success(ApiResponse r) {
        JsonNode result = assertSuccess(r);
        envelope(r);
        return result;
    }

    @Test
    void successesCarryTheirResultNextToTheRequestId() {
        JsonNode created = success(client.post(SECRETS, Secrets.body("env-result")));
        assertThat(created.path("secretName").asText()).isEqualTo("env-result");

        JsonNode described = success(client.get(SECRETS + "/env-result"));
        assertThat(described.path("secret").path("name").asText()).isEqualTo("env-result");

        JsonNode listed = success(client.get(SECRETS));
        assertThat(listed.path("secrets").isArray()).isTrue();
        assertThat(listed.path("totalCount").isIntegralNumber()).isTrue();

        JsonNode quota = success(client.get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "secret")));
        assertThat(quota.path("quota").path("resourceType").asText()).isEqualTo("secret");
        assertThat(quota.path("quota").path("limit").isInt()).isTrue();
    }

    @Test
    void operationsWithoutResultFieldsAnswerOnlyTheRequestId() {
        success(client.post(SECRETS, Secrets.body("env-no-result")));
        ApiResponse deleted = client.delete(SECRETS + "/env-no-result");
        envelope(deleted);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        List<String> members = new ArrayList<>();
        deleted.json().fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("requestId");
        assertThat(deleted.body()).isEqualTo("{\"requestId\":\"" + deleted.json().path("requestId").asText() + "\"}");
    }

    @Test
    void healthAnswersWithTheEnvelopeWithoutSignature() {
        ApiResponse health = server.admin().withToken(null).get("/health");
        JsonNode result = success(health);
        assertThat(result.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void invalidArgumentIs400WithTheFieldInMessageAndDetails() {
        ApiResponse r = client.get("/v1/regions/cn-north-1/quotas");
        error(r, 400, "INVALID_ARGUMENT");
        assertThat(r.errorMessage()).contains("resourceType");
        JsonNode details = r.json().path("error").path("details");
        assertThat(details.isArray()).isTrue();
        assertThat(details.get(0).path("field").asText()).isEqualTo("resourceType");
    }

    @Test
    void missingOrWrongSignatureIs401() {
        ApiResponse unsigned = server.admin().withToken(null).get(SECRETS);
        error(unsigned, 401, "UNAUTHENTICATED");

        ApiResponse wrongKey = client.withKeys(server.defaultKey().accessKey(), "not-the-secret-key").get(SECRETS);
        error(wrongKey, 401, "UNAUTHENTICATED");
        assertThat(wrongKey.errorMessage()).isEqualTo("signature does not match");

        ApiResponse unknownKey = client.withKeys("AKUNKNOWN0000000000000000000000", "x").get(SECRETS);
        error(unknownKey, 401, "UNAUTHENTICATED");
    }

    @Test
    void replayedNonceIs403() {
        SignedClient.SignedParts parts = client.sign("GET", SECRETS, Map.of(), new byte[0]);
        success(client.sendRaw(parts));
        ApiResponse replay = client.sendRaw(parts);
        error(replay, 403, "PERMISSION_DENIED");
        assertThat(replay.errorMessage()).contains("nonce");
    }

    @Test
    void unknownPathIs404WhenSignedAnd401WhenNot() {
        ApiResponse signed = client.get("/v1/regions/cn-north-1/nothing-here");
        error(signed, 404, "NOT_FOUND");

        ApiResponse outsideV1 = client.get("/favicon.ico");
        error(outsideV1, 404, "NOT_FOUND");

        // docs/api/nc.md §2.3: authentication happens before routing.
        ApiResponse unsigned = server.admin().withToken(null).get("/v1/regions/cn-north-1/nothing-here");
        error(unsigned, 401, "UNAUTHENTICATED");
    }

    @Test
    void unknownSecretIs404NamingIt() {
        ApiResponse described = client.get(SECRETS + "/no-such-secret");
        error(described, 404, "NOT_FOUND");
        assertThat(described.errorMessage()).contains("no-such-secret");

        ApiResponse deleted = client.delete(SECRETS + "/no-such-secret");
        error(deleted, 404, "NOT_FOUND");
        assertThat(deleted.errorMessage()).contains("no-such-secret");
    }

    @Test
    void duplicateSecretIs409() {
        success(client.post(SECRETS, Secrets.body("env-twice")));
        ApiResponse again = client.post(SECRETS, Secrets.body("env-twice"));
        error(again, 409, "ALREADY_EXISTS");
        assertThat(again.errorMessage()).contains("env-twice");
    }

    @Test
    void exceededQuotaIs429() {
        IssuedKey key = server.server().accounts().create("quota-tenant", true);
        ApiResponse limited = server.admin().patch("/admin/accounts/" + key.accountId(), "{\"quotas\":{\"secret\":0}}");
        success(limited);
        SignedClient tenant = new SignedClient(server.endpoint(), key.accessKey(), key.secretKey());
        ApiResponse refused = tenant.post(SECRETS, Secrets.body("over-quota"));
        error(refused, 429, "QUOTA_EXCEEDED");
        assertThat(refused.errorMessage()).contains("quota");
    }

    @Test
    void adminApiErrorsUseTheSameEnvelope() {
        error(server.admin().withToken("wrong-token").get("/admin/accounts"), 401, "UNAUTHENTICATED");
        error(server.admin().get("/admin/no-such-thing"), 404, "NOT_FOUND");
        envelope(server.admin().get("/admin/accounts"));
    }

    @Test
    void conditionalHeadersNeverYield304() {
        success(client.post(SECRETS, Secrets.body("env-conditional")));
        ApiResponse r = client.tamper(p -> p.withHeader("If-None-Match", "*")
                .withHeader("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")).get(SECRETS + "/env-conditional");
        success(r);
    }

    static Stream<Arguments> requestsJettyRefuses() {
        String host = "Host: 127.0.0.1\r\n";
        return Stream.of(
                Arguments.of("a header line without a colon",
                        "GET " + SECRETS + " HTTP/1.1\r\n" + host + "this is not a header\r\n\r\n"),
                Arguments.of("a header name with a space",
                        "GET " + SECRETS + " HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n"),
                Arguments.of("an over-long URI",
                        "GET " + SECRETS + "/" + "a".repeat(70_000) + " HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of("over-large headers",
                        "GET " + SECRETS + " HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(70_000) + "\r\n\r\n"),
                Arguments.of("a garbage request line", "HELLO\r\n\r\n"),
                Arguments.of("a non-numeric Content-Length",
                        "POST " + SECRETS + " HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n{}"),
                Arguments.of("a control character in the URI",
                        "GET /v1/regions/cn-north-1/sec\u0001rets HTTP/1.1\r\n" + host + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsJettyRefuses")
    void requestsJettyRefusesStillGetTheEnvelope(String what, String request) {
        ApiResponse r = raw.send(request);
        envelope(r);
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    }

    @Test
    void requestIdsAreFreshForEveryRequestEvenIdenticalOnes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(envelope(client.get(SECRETS)));
            ids.add(envelope(client.get(SECRETS + "/no-such-secret")));
            ids.add(envelope(server.admin().withToken(null).get("/health")));
            ids.add(envelope(raw.send("HELLO\r\n\r\n")));
        }
        assertThat(ids).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void bodiesAreUtf8AsTheContentTypeSays() {
        // a non-ASCII character echoed in an error message must travel as UTF-8
        ApiResponse r = client.get(SECRETS + "/caf\u00e9-n\u00e4me");
        envelope(r);
        assertThat(r.status()).isIn(400, 404);
        assertThat(r.errorMessage()).contains("caf\u00e9-n\u00e4me");
    }
}
