package nc.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** createSecret's rules (docs/api/nc.md §4.1 DockerRegistryData, §5.11, rule 49), one test per rule. */
class SecretRulesTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    private static final String EAST_SECRETS = "/v1/regions/cn-east-1/secrets";
    private static final ObjectMapper MAPPER = new ObjectMapper();
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

    // ---- name -------------------------------------------------------------------------------

    @Test
    void nameIsRequired() {
        ObjectNode absent = body("unused");
        absent.remove("name");
        assertInvalid(client.post(SECRETS, absent.toString()), "name");

        ObjectNode nulled = body("unused");
        nulled.putNull("name");
        assertInvalid(client.post(SECRETS, nulled.toString()), "name");

        assertInvalid(client.post(SECRETS, body("").toString()), "name");
    }

    @Test
    void nameIsLowerCaseLettersDigitsDashesAndDotsStartingAndEndingAlphanumeric() {
        assertInvalid(client.post(SECRETS, body("My-Registry").toString()), "name");
        assertInvalid(client.post(SECRETS, body("-registry").toString()), "name");
        assertInvalid(client.post(SECRETS, body("registry-").toString()), "name");
        assertInvalid(client.post(SECRETS, body(".registry").toString()), "name");
        assertInvalid(client.post(SECRETS, body("my_registry").toString()), "name");
        assertInvalid(client.post(SECRETS, body("my registry").toString()), "name");

        ApiResponse ok = client.post(SECRETS, body("0.my-registry.example-9").toString());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.result().path("secretName").asText()).isEqualTo("0.my-registry.example-9");
        ApiResponse single = client.post(SECRETS, body("x").toString());
        assertThat(single.status()).as(single.toString()).isEqualTo(200);
    }

    @Test
    void nameIsAtMost253Characters() {
        String longest = "a".repeat(120) + ".-" + "b".repeat(131);
        assertThat(longest).hasSize(253);
        ApiResponse ok = client.post(SECRETS, body(longest).toString());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.result().path("secretName").asText()).isEqualTo(longest);
        ApiResponse described = client.get(SECRETS + "/" + longest);
        assertThat(described.status()).as(described.toString()).isEqualTo(200);
        assertThat(described.result().path("secret").path("name").asText()).isEqualTo(longest);

        String tooLong = "c".repeat(254);
        assertInvalid(client.post(SECRETS, body(tooLong).toString()), "name");
        assertThat(client.get(SECRETS + "/" + tooLong).status()).isEqualTo(404);
    }

    // ---- secretType ---------------------------------------------------------------------------

    @Test
    void secretTypeIsRequired() {
        ObjectNode absent = body("no-type");
        absent.remove("secretType");
        assertInvalid(client.post(SECRETS, absent.toString()), "secretType");

        ObjectNode nulled = body("no-type");
        nulled.putNull("secretType");
        assertInvalid(client.post(SECRETS, nulled.toString()), "secretType");
        assertThat(client.get(SECRETS + "/no-type").status()).isEqualTo(404);
    }

    @Test
    void secretTypeIsOnlyDockerRegistry() {
        for (String type : new String[] {"opaque", "kubernetes.io/dockerconfigjson", "Docker-Registry", ""}) {
            ObjectNode other = body("other-type");
            other.put("secretType", type);
            assertInvalid(client.post(SECRETS, other.toString()), "secretType");
        }
        assertThat(client.get(SECRETS + "/other-type").status()).isEqualTo(404);
    }

    // ---- data ---------------------------------------------------------------------------------

    @Test
    void dataIsRequired() {
        ObjectNode absent = body("no-data");
        absent.remove("data");
        assertInvalid(client.post(SECRETS, absent.toString()), "data");

        ObjectNode nulled = body("no-data");
        nulled.putNull("data");
        assertInvalid(client.post(SECRETS, nulled.toString()), "data");
        assertThat(client.get(SECRETS + "/no-data").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "username", "password"})
    void serverUsernameAndPasswordAreRequired(String field) {
        ObjectNode absent = body("missing-" + field);
        data(absent).remove(field);
        assertInvalid(client.post(SECRETS, absent.toString()), "data." + field);

        ObjectNode nulled = body("missing-" + field);
        data(nulled).putNull(field);
        assertInvalid(client.post(SECRETS, nulled.toString()), "data." + field);

        assertThat(client.get(SECRETS + "/missing-" + field).status()).isEqualTo(404);
    }

    @Test
    void emailIsOptional() {
        ObjectNode absent = body("no-email");
        data(absent).remove("email");
        ApiResponse created = client.post(SECRETS, absent.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);

        JsonNode secret = client.get(SECRETS + "/no-email").result().path("secret");
        assertThat(secret.path("data").path("server").asText()).isEqualTo(Secrets.b64("registry.example.com"));
        assertThat(secret.path("data").has("email")).isFalse();
    }

    @Test
    void emailNullAsSentByThePythonSdkIsAccepted() {
        ObjectNode nulled = body("null-email");
        data(nulled).putNull("email");
        ApiResponse created = client.post(SECRETS, nulled.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("secretName").asText()).isEqualTo("null-email");

        JsonNode data = client.get(SECRETS + "/null-email").result().path("secret").path("data");
        assertThat(data.path("username").asText()).isEqualTo(Secrets.b64("bob"));
        assertThat(data.has("email")).isFalse();
    }

    // ---- Base64 -------------------------------------------------------------------------------

    @Test
    void valuesMustBeBase64() {
        ObjectNode notBase64 = body("bad-b64");
        data(notBase64).put("password", "not base64!");
        assertInvalid(client.post(SECRETS, notBase64.toString()), "data.password");

        ObjectNode email = body("bad-b64");
        data(email).put("email", "bob@example.com");
        assertInvalid(client.post(SECRETS, email.toString()), "data.email");

        assertThat(client.get(SECRETS + "/bad-b64").status()).isEqualTo(404);
    }

    @Test
    void base64MustBePadded() {
        ObjectNode unpadded = body("unpadded");
        data(unpadded).put("server", "Ym9");
        assertInvalid(client.post(SECRETS, unpadded.toString()), "data.server");

        ObjectNode missingOnePad = body("unpadded");
        data(missingOnePad).put("username", "Ym9iYQ=");
        assertInvalid(client.post(SECRETS, missingOnePad.toString()), "data.username");

        assertThat(client.get(SECRETS + "/unpadded").status()).isEqualTo(404);
    }

    @Test
    void base64MustHaveNoLineBreaks() {
        // what a MIME encoder or `base64` without -w0 produces
        ObjectNode wrapped = body("wrapped");
        data(wrapped).put("password", "czNjcjN0LVBh\nNTV3b3JkIQ==");
        assertInvalid(client.post(SECRETS, wrapped.toString()), "data.password");

        ObjectNode trailing = body("wrapped");
        data(trailing).put("username", Secrets.b64("bob") + "\r\n");
        assertInvalid(client.post(SECRETS, trailing.toString()), "data.username");

        assertThat(client.get(SECRETS + "/wrapped").status()).isEqualTo(404);
    }

    @Test
    void base64UsesTheStandardAlphabetNotTheUrlSafeOne() {
        ObjectNode urlSafe = body("url-safe");
        data(urlSafe).put("password", "ab-_");
        assertInvalid(client.post(SECRETS, urlSafe.toString()), "data.password");
        assertThat(client.get(SECRETS + "/url-safe").status()).isEqualTo(404);

        ObjectNode standard = body("url-safe");
        data(standard).put("password", "ab+/");
        ApiResponse ok = client.post(SECRETS, standard.toString());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    // ---- size -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"server", "username", "password", "email"})
    void eachValueIsAtMost4KiBEncoded(String field) {
        String max = "QUJD".repeat(1024);
        assertThat(max).hasSize(4096);
        ObjectNode atLimit = body("big-" + field);
        data(atLimit).put(field, max);
        ApiResponse ok = client.post(SECRETS, atLimit.toString());
        assertThat(ok.status()).as(ok.toString().substring(0, Math.min(300, ok.toString().length()))).isEqualTo(200);
        if (!field.equals("password")) {
            JsonNode stored = client.get(SECRETS + "/big-" + field).result().path("secret").path("data").path(field);
            assertThat(stored.asText()).isEqualTo(max);
        }

        String over = "QUJD".repeat(1025);
        assertThat(over).hasSize(4100);
        ObjectNode overLimit = body("too-big-" + field);
        data(overLimit).put(field, over);
        assertInvalid(client.post(SECRETS, overLimit.toString()), "data." + field);
        assertThat(client.get(SECRETS + "/too-big-" + field).status()).isEqualTo(404);
    }

    // ---- uniqueness -----------------------------------------------------------------------------

    @Test
    void nameIsUniqueInTheRegion() {
        assertThat(client.post(SECRETS, Secrets.body("dup")).status()).isEqualTo(200);

        ApiResponse again = client.post(SECRETS, body("dup").toString());
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.errorStatus()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.json().path("error").path("code").asInt()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("dup");

        ApiResponse listed = client.get(SECRETS, Map.of("filters.1.name", "name", "filters.1.values.1", "dup"));
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void sameNameInAnotherRegionOrAnotherAccountIsAllowed() {
        assertThat(client.post(SECRETS, Secrets.body("shared-name")).status()).isEqualTo(200);

        ApiResponse east = client.post(EAST_SECRETS, Secrets.body("shared-name"));
        assertThat(east.status()).as(east.toString()).isEqualTo(200);
        assertThat(client.get(EAST_SECRETS + "/shared-name").status()).isEqualTo(200);

        SignedClient other = server.newTenant();
        ApiResponse otherAccount = other.post(SECRETS, Secrets.body("shared-name"));
        assertThat(otherAccount.status()).as(otherAccount.toString()).isEqualTo(200);
        assertThat(other.get(SECRETS + "/shared-name").status()).isEqualTo(200);
    }

    // ---- quota ----------------------------------------------------------------------------------

    @Test
    void secretQuotaSetByTheOperatorIsEnforcedPerRegion() {
        Tenant tenant = newAccount("quota-3");
        ApiResponse patched = server.admin().patch("/admin/accounts/" + tenant.accountId(), "{\"quotas\":{\"secret\":3}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        for (int i = 1; i <= 3; i++) {
            ApiResponse created = tenant.client().post(SECRETS, Secrets.body("q-" + i));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
        }
        ApiResponse fourth = tenant.client().post(SECRETS, Secrets.body("q-4"));
        assertThat(fourth.status()).as(fourth.toString()).isEqualTo(429);
        assertThat(fourth.errorStatus()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(fourth.json().path("error").path("code").asInt()).isEqualTo(429);
        assertThat(fourth.errorMessage()).contains("secret");

        assertThat(tenant.client().get(SECRETS).result().path("totalCount").asInt()).isEqualTo(3);
        assertThat(tenant.client().get(SECRETS + "/q-4").status()).isEqualTo(404);

        // the limit is per region: another region still has room
        assertThat(tenant.client().post(EAST_SECRETS, Secrets.body("q-4")).status()).isEqualTo(200);

        assertThat(tenant.client().delete(SECRETS + "/q-1").status()).isEqualTo(200);
        ApiResponse afterDelete = tenant.client().post(SECRETS, Secrets.body("q-4"));
        assertThat(afterDelete.status()).as(afterDelete.toString()).isEqualTo(200);
        assertThat(tenant.client().get(SECRETS).result().path("totalCount").asInt()).isEqualTo(3);
        assertThat(tenant.client().post(SECRETS, Secrets.body("q-5")).status()).isEqualTo(429);
    }

    // ---- ownership ------------------------------------------------------------------------------

    @Test
    void anotherAccountsSecretIsNotFoundOnDescribeAndDelete() {
        assertThat(client.post(SECRETS, Secrets.body("mine-only")).status()).isEqualTo(200);
        SignedClient stranger = server.newTenant();

        ApiResponse absent = stranger.get(SECRETS + "/never-created");
        ApiResponse described = stranger.get(SECRETS + "/mine-only");
        assertThat(described.status()).as(described.toString()).isEqualTo(404);
        assertThat(described.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(described.errorMessage()).isEqualTo("secret mine-only not found");
        assertThat(absent.errorMessage()).isEqualTo("secret never-created not found");

        ApiResponse deleted = stranger.delete(SECRETS + "/mine-only");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(404);
        assertThat(deleted.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(deleted.errorMessage()).isEqualTo("secret mine-only not found");

        assertThat(stranger.get(SECRETS).result().path("totalCount").asInt()).isZero();
        assertThat(client.get(SECRETS + "/mine-only").status()).isEqualTo(200);
    }

    // ---- what clients send ----------------------------------------------------------------------

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode withExtras = body("with-cookies");
        withExtras.putArray("cookies");
        withExtras.put("someFutureField", "x");
        data(withExtras).put("auth", "ignored");
        ApiResponse created = client.post(SECRETS, withExtras.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("secretName").asText()).isEqualTo("with-cookies");
        assertThat(client.get(SECRETS + "/with-cookies").status()).isEqualTo(200);
    }

    @Test
    void regionIdCopyInTheBodyIsIgnored() {
        ObjectNode body = body("path-wins");
        body.put("regionId", "cn-east-1");
        ApiResponse created = client.post(SECRETS, body.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(client.get(SECRETS + "/path-wins").status()).isEqualTo(200);
        assertThat(client.get(EAST_SECRETS + "/path-wins").status()).isEqualTo(404);

        ObjectNode unknownRegion = body("path-wins-2");
        unknownRegion.put("regionId", "mars-1");
        ApiResponse ok = client.post(SECRETS, unknownRegion.toString());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void pythonSdkBodyWithSpacesAndNullsIsAccepted() {
        String python = "{\"name\": \"from-python\", \"secretType\": \"docker-registry\", \"data\": {\"server\": \""
                + Secrets.b64("registry.example.com") + "\", \"username\": \"" + Secrets.b64("bob") + "\", \"password\": \""
                + Secrets.b64(Secrets.PASSWORD) + "\", \"email\": null}, \"regionId\": \"cn-north-1\"}";
        ApiResponse created = client.post(SECRETS, python);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("secretName").asText()).isEqualTo("from-python");
    }

    @Test
    void javaSdkUnicodeEscapesAreDecoded() {
        // the Java SDK's Gson writes '=' as \u003d, so padded Base64 arrives escaped
        String server = Secrets.b64("registry.example.com");
        assertThat(server).endsWith("=");
        String escaped = "{\"name\":\"from-java\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\""
                + server.replace("=", "\\u003d") + "\",\"username\":\"" + Secrets.b64("bob") + "\",\"password\":\""
                + Secrets.b64("pw12").replace("=", "\\u003d") + "\"},\"regionId\":\"cn-north-1\"}";
        assertThat(escaped).contains("\\u003d");
        ApiResponse created = client.post(SECRETS, escaped);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode data = client.get(SECRETS + "/from-java").result().path("secret").path("data");
        assertThat(data.path("server").asText()).isEqualTo(server);
    }

    @Test
    void fieldsMustHaveTheirJsonTypes() {
        ObjectNode numericName = body("typed");
        numericName.put("name", 42);
        assertInvalid(client.post(SECRETS, numericName.toString()), "name");

        ObjectNode dataString = body("typed");
        dataString.put("data", "c2VydmVy");
        assertInvalid(client.post(SECRETS, dataString.toString()), "data");

        ObjectNode numericPassword = body("typed");
        data(numericPassword).put("password", 1234);
        assertInvalid(client.post(SECRETS, numericPassword.toString()), "data.password");

        assertInvalid(client.post(SECRETS, "{\"name\":\"typed\","), "body");
        assertThat(client.get(SECRETS + "/typed").status()).isEqualTo(404);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A valid createSecret body as the Java SDK sends it (regionId copied into the body). */
    private static ObjectNode body(String name) {
        try {
            ObjectNode body = (ObjectNode) MAPPER.readTree(Secrets.body(name));
            body.put("regionId", "cn-north-1");
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode data(ObjectNode body) {
        return (ObjectNode) body.get("data");
    }

    static void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(response.json().has("result")).isFalse();
        assertThat(response.errorMessage()).as("message names %s", field)
                .matches("(?s).*(?<![\\w.])" + Pattern.quote(field) + "(?![\\w.]).*");
    }

    record Tenant(String accountId, SignedClient client) {
    }

    /** An account made through the operator API, so its id is known for later changes. */
    private static Tenant newAccount(String name) {
        ApiResponse created = server.admin().post("/admin/accounts", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode result = created.result();
        return new Tenant(result.path("account").path("accountId").asText(),
                client.withKeys(result.path("accessKey").asText(), result.path("secretKey").asText()));
    }
}
