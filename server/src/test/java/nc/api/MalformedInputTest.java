package nc.api;

import static nc.testing.EnvelopeAssertions.assertEnvelope;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sweep of client mistakes (docs/api/nc.md §1.2, §1.4, §3): none may yield a 5xx, every answer is the
 * JSON envelope, and where the spec fixes the outcome (malformed JSON, wrong types, bodies over
 * 1 MiB, out-of-range paging, unknown regions, unknown method/path) the status and the field
 * named in the message are checked too.
 */
class MalformedInputTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    private static final String DATA = "{\"server\":\"" + Secrets.b64("registry.example.com") + "\",\"username\":\""
            + Secrets.b64("bob") + "\",\"password\":\"" + Secrets.b64(Secrets.PASSWORD) + "\"}";
    static TestServer server;
    static SignedClient client;
    static RawSocketClient raw;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
        raw = new RawSocketClient(server.endpoint());
        assertSuccess(client.post(SECRETS, Secrets.body("enc-test")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Status below 500 and the envelope; a refusal, if any, is one of the allowed ones. */
    private static void lenient(ApiResponse r, String... allowedErrorStatuses) {
        assertEnvelope(r);
        assertThat(r.status()).as(r.toString()).isLessThan(500);
        if (r.status() != 200) {
            assertThat(r.errorStatus()).as(r.toString()).isIn((Object[]) allowedErrorStatuses);
        }
    }

    private static ApiResponse postBytes(byte[] body) {
        return client.sendRaw(client.sign("POST", SECRETS, Map.of(), body));
    }

    // ---------------------------------------------------------------- bodies

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{", "{\"name\":}", "[]", "\"x\"", "null", "123", "true", "{}x", "{} {}", "{\"name\":\"a\",}",
        "{'name':'a'}", "{name:\"a\"}", "/* comment */ {}", "NaN", "{\"name\":\"a\"", "{\"name\":\"a\\q\"}", "\u0000"})
    void malformedJsonIsInvalidArgumentAboutTheBody(String body) {
        ApiResponse r = client.post(SECRETS, body);
        assertInvalid(r, "body");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("name as number", "{\"name\":123,\"secretType\":\"docker-registry\",\"data\":" + DATA + "}", "name"),
                Arguments.of("name as float", "{\"name\":1.5,\"secretType\":\"docker-registry\",\"data\":" + DATA + "}", "name"),
                Arguments.of("name as boolean", "{\"name\":true,\"secretType\":\"docker-registry\",\"data\":" + DATA + "}", "name"),
                Arguments.of("name as object", "{\"name\":{},\"secretType\":\"docker-registry\",\"data\":" + DATA + "}", "name"),
                Arguments.of("name as array", "{\"name\":[\"a\"],\"secretType\":\"docker-registry\",\"data\":" + DATA + "}", "name"),
                Arguments.of("secretType as boolean", "{\"name\":\"t1\",\"secretType\":true,\"data\":" + DATA + "}", "secretType"),
                Arguments.of("secretType as number", "{\"name\":\"t2\",\"secretType\":1,\"data\":" + DATA + "}", "secretType"),
                Arguments.of("data as string", "{\"name\":\"t3\",\"secretType\":\"docker-registry\",\"data\":\"abc\"}", "data"),
                Arguments.of("data as empty string", "{\"name\":\"t4\",\"secretType\":\"docker-registry\",\"data\":\"\"}", "data"),
                Arguments.of("data as array", "{\"name\":\"t5\",\"secretType\":\"docker-registry\",\"data\":[" + DATA + "]}", "data"),
                Arguments.of("data as number", "{\"name\":\"t6\",\"secretType\":\"docker-registry\",\"data\":7}", "data"),
                Arguments.of("data.server as number",
                        "{\"name\":\"t7\",\"secretType\":\"docker-registry\",\"data\":" + DATA.replaceFirst("\"server\":\"[^\"]*\"", "\"server\":42") + "}",
                        "data.server"),
                Arguments.of("data.password as boolean",
                        "{\"name\":\"t8\",\"secretType\":\"docker-registry\",\"data\":" + DATA.replaceFirst("\"password\":\"[^\"]*\"", "\"password\":false") + "}",
                        "data.password"),
                Arguments.of("data.email as object",
                        "{\"name\":\"t9\",\"secretType\":\"docker-registry\",\"data\":" + DATA.replace("}", ",\"email\":{}}") + "}",
                        "data.email"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void wrongTypesAreInvalidArgumentNamingTheFieldPath(String what, String body, String field) {
        ApiResponse r = client.post(SECRETS, body);
        assertInvalid(r, field);
    }

    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                Arguments.of("name twice", "{\"name\":\"dup-a\",\"name\":\"dup-b\",\"secretType\":\"docker-registry\",\"data\":" + DATA + "}"),
                Arguments.of("data.server twice", "{\"name\":\"dup-c\",\"secretType\":\"docker-registry\",\"data\":"
                        + DATA.replace("{", "{\"server\":\"eA==\",") + "}"),
                Arguments.of("data twice", "{\"name\":\"dup-d\",\"secretType\":\"docker-registry\",\"data\":" + DATA + ",\"data\":" + DATA + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicateKeys")
    void duplicateKeysAreNeverAServerError(String what, String body) {
        ApiResponse r = client.post(SECRETS, body);
        lenient(r, "INVALID_ARGUMENT");
    }

    static Stream<Arguments> deepOrHugeJson() {
        return Stream.of(
                Arguments.of("5000 nested arrays as the body", "[".repeat(5000) + "]".repeat(5000)),
                Arguments.of("100000 nested arrays as the body", "[".repeat(100_000) + "]".repeat(100_000)),
                Arguments.of("5000 nested arrays as the name", "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
                Arguments.of("5000 nested objects in data", "{\"name\":\"deep\",\"data\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}"),
                Arguments.of("a 5000-digit number as the name", "{\"name\":" + "9".repeat(5000) + "}"),
                Arguments.of("a 5000-digit number as secretType", "{\"name\":\"n\",\"secretType\":-" + "1".repeat(5000) + ".5e7}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepOrHugeJson")
    void deeplyNestedOrHugeJsonIsInvalidArgumentNotAServerError(String what, String body) {
        ApiResponse r = client.post(SECRETS, body);
        assertError(r, 400, "INVALID_ARGUMENT");
    }

    static Stream<Arguments> deepOrHugeUnknownFields() {
        return Stream.of(
                Arguments.of("5000 nested arrays in an unknown field", "[".repeat(5000) + "]".repeat(5000)),
                Arguments.of("5000 nested objects in an unknown field", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)),
                Arguments.of("a 5000-digit number in an unknown field", "9".repeat(5000)),
                Arguments.of("a 500 KiB string in an unknown field", "\"" + "s".repeat(500 * 1024) + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepOrHugeUnknownFields")
    void deeplyNestedOrHugeUnknownFieldsAreNeverAServerError(String what, String value) {
        ApiResponse r = client.post(SECRETS, Secrets.body("huge-unknown").replaceFirst("\\{", "{\"extra\":" + value + ","));
        lenient(r, "INVALID_ARGUMENT", "ALREADY_EXISTS");
    }

    /** A valid createSecret body padded (with whitespace) to exactly {@code size} bytes. */
    private static byte[] paddedBody(String name, int size) {
        byte[] json = Secrets.body(name).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAccepted() {
        ApiResponse r = postBytes(paddedBody("one-mebibyte", 1024 * 1024));
        assertThat(assertSuccess(r).path("secretName").asText()).isEqualTo("one-mebibyte");
    }

    @Test
    void aBodyLargerThanOneMebibyteIsInvalidArgumentNamingTheBody() {
        ApiResponse r = postBytes(paddedBody("too-large", 1024 * 1024 + 1));
        assertInvalid(r, "body");
        assertThat(client.get(SECRETS + "/too-large").status()).isEqualTo(404);
    }

    @Test
    void aChunkedBodyLargerThanOneMebibyteIsInvalidArgumentNamingTheBody() {
        SignedClient.SignedParts parts = client.sign("POST", SECRETS, Map.of(), paddedBody("too-large-chunked", 1024 * 1024 + 100));
        ApiResponse r = raw.send(parts, true);
        assertInvalid(r, "body");
    }

    static Stream<Arguments> nonUtf8Bodies() {
        return Stream.of(
                Arguments.of("0xFF 0xFE in the name", bytes("{\"name\":\"ab", 0xFF, 0xFE, "\",\"secretType\":\"docker-registry\",\"data\":" + DATA + "}")),
                Arguments.of("Latin-1 e-acute in the name", bytes("{\"name\":\"caf", 0xE9, "\",\"secretType\":\"docker-registry\",\"data\":" + DATA + "}")),
                Arguments.of("a lone continuation byte in data.server",
                        bytes("{\"name\":\"lone\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\"", 0x80, "\"}}")),
                Arguments.of("a truncated sequence at the end", bytes("{\"name\":\"cut\"", 0xE2, 0x82)),
                Arguments.of("an overlong encoding of '/'", bytes("{\"name\":\"over", 0xC0, 0xAF, "\"}")),
                Arguments.of("an encoded surrogate", bytes("{\"name\":\"sur", 0xED, 0xA0, 0x80, "\"}")));
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonUtf8Bodies")
    void nonUtf8BodiesAreInvalidArgument(String what, byte[] body) {
        ApiResponse r = postBytes(body);
        assertError(r, 400, "INVALID_ARGUMENT");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String body = "{\"name\":\"unknown-fields\",\"secretType\":\"docker-registry\",\"regionId\":\"cn-east-2\",\"cookies\":[],"
                + "\"foo\":{\"bar\":[1,2,{\"baz\":null}]},\"data\":" + DATA.replace("}", ",\"extra\":\"x\",\"more\":[true]}") + "}";
        ApiResponse r = client.post(SECRETS, body);
        assertThat(assertSuccess(r).path("secretName").asText()).isEqualTo("unknown-fields");
        // the path's region is authoritative, not the body copy
        assertSuccess(client.get(SECRETS + "/unknown-fields"));
    }

    @Test
    void nullForOptionalFieldsMeansAbsent() {
        String body = "{\"name\":\"null-optionals\",\"secretType\":\"docker-registry\",\"regionId\":null,\"cookies\":null,"
                + "\"data\":" + DATA.replace("}", ",\"email\":null}") + "}";
        ApiResponse r = client.post(SECRETS, body);
        assertThat(assertSuccess(r).path("secretName").asText()).isEqualTo("null-optionals");
        JsonNode secret = assertSuccess(client.get(SECRETS + "/null-optionals")).path("secret");
        assertThat(secret.path("data").has("email")).isFalse();
    }

    @Test
    void nullForRequiredFieldsIsInvalidArgumentNamingThem() {
        assertInvalid(client.post(SECRETS, "{\"name\":null,\"secretType\":\"docker-registry\",\"data\":" + DATA + "}"), "name");
        assertInvalid(client.post(SECRETS, "{\"name\":\"n1\",\"secretType\":null,\"data\":" + DATA + "}"), "secretType");
        assertInvalid(client.post(SECRETS, "{\"name\":\"n2\",\"secretType\":\"docker-registry\",\"data\":null}"), "data");
        assertInvalid(client.post(SECRETS, "{\"name\":\"n3\",\"secretType\":\"docker-registry\",\"data\":"
                + DATA.replaceFirst("\"server\":\"[^\"]*\"", "\"server\":null") + "}"), "data.server");
    }

    // ---------------------------------------------------------------- queries

    /**
     * describeSecrets with this exact query string on the wire, signed over the (name, value)
     * pairs a server derives from it by form decoding (a malformed escape stays literal).
     */
    private static ApiResponse listWithRawQuery(String rawQuery) {
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = formDecode(eq < 0 ? part : part.substring(0, eq));
            String value = formDecode(eq < 0 ? "" : part.substring(eq + 1));
            pairs.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        SignedClient.SignedParts parts = client.sign("GET", SECRETS, pairs, new byte[0]);
        return raw.send(parts.withQuery(rawQuery));
    }

    private static String formDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0 && Character.digit(in[i + 2], 16) >= 0) {
                out.write(Character.digit(in[i + 1], 16) << 4 | Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i] == '+' ? ' ' : in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> refusedQueries() {
        return Stream.of(
                Arguments.of("pageSize=abc", "pageSize"),
                Arguments.of("pageSize=99999999999999", "pageSize"),
                Arguments.of("pageSize=-10", "pageSize"),
                Arguments.of("pageSize=9", "pageSize"),
                Arguments.of("pageSize=101", "pageSize"),
                Arguments.of("pageSize=10.0", "pageSize"),
                Arguments.of("pageSize=%ZZ", "pageSize"),
                Arguments.of("pageNumber=-1", "pageNumber"),
                Arguments.of("pageNumber=0", "pageNumber"),
                Arguments.of("pageNumber=2147483648", "pageNumber"),
                Arguments.of("pageNumber=1e3", "pageNumber"),
                Arguments.of("filters.1.name=bogus&filters.1.values.1=a", "filters.1.name"),
                Arguments.of("filters.1.values.1=a", "filters.1.name"),
                Arguments.of("filters.1.name=name", "filters.1.values"),
                Arguments.of("filters.1.name=name&filters.1.operator=like&filters.1.values.1=a", "filters.1.operator"),
                Arguments.of("filters.1.name=name&filters.1.values.1=a&filters.1.values.2=b", "filters.1.values"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedQueries")
    void outOfRangeOrMalformedQueriesAreInvalidArgumentNamingTheParameter(String query, String field) {
        assertInvalid(listWithRawQuery(query), field);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"filters.x.name=name", "filters.1.values.999999999999=a", "filters.1.name=name&filters.1.values.999999999999=a",
        "filters.99999999999.name=name&filters.99999999999.values.1=a", "filters..name=name", "filters.-1.name=name", "filters.1.name.1=x",
        "%ZZ=1", "a=%ZZ", "a=%", "%=%", "a=%E9%FF", "a=b=c", "&&&", "=x", "=", "&=&", "pageSize", "pageSize=",
        "filters.1.name=name&filters.1.values.1=%25_%5C!%ZZ", "filters.1.name=name&filters.1.values=enc", "customHeader.x-foo=bar",
        "a+b=c+d", "%00=%00", "pageNumber=2147483647"})
    void oddQueriesAreNeverAServerError(String query) {
        lenient(listWithRawQuery(query), "INVALID_ARGUMENT");
    }

    @Test
    void ignoredOddParametersLeaveTheListingIntact() {
        for (String query : List.of("a=b=c", "&&&", "=x", "%ZZ=1", "a=%ZZ", "customHeader.x-foo=bar", "filters.x.name=name")) {
            JsonNode result = assertSuccess(listWithRawQuery(query));
            assertThat(result.path("totalCount").asLong()).as(query).isGreaterThanOrEqualTo(1);
        }
        JsonNode far = assertSuccess(listWithRawQuery("pageNumber=2147483647"));
        assertThat(far.path("secrets").isArray()).isTrue();
        assertThat(far.path("secrets").size()).isZero();
    }

    // ---------------------------------------------------------------- paths

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/v1/regions/cn-north-1/secrets/enc%2Dtest", "/v1/regions/cn-north-1/secrets/enc%2dtest",
        "/v1/regions/cn%2Dnorth%2D1/secrets/enc-test", "/v1/regions/cn-north-1/%73ecrets/enc-test",
        "/%76%31/%72egions/cn-north-1/secrets/%65%6E%63%2D%74%65%73%74"})
    void percentEncodedPathsAreDecodedOnceBeforeRouting(String wirePath) {
        ApiResponse r = client.tamper(p -> p.withPath(wirePath)).get(SECRETS + "/enc-test");
        assertThat(assertSuccess(r).path("secret").path("name").asText()).isEqualTo("enc-test");
    }

    @Test
    void anEncodedColonRoutesLikeALiteralOne() {
        ApiResponse literal = client.get(SECRETS + "/enc-test:describeSecret");
        ApiResponse upper = client.tamper(p -> p.withPath(SECRETS + "/enc-test%3AdescribeSecret")).get(SECRETS + "/enc-test:describeSecret");
        ApiResponse lower = client.tamper(p -> p.withPath(SECRETS + "/enc-test%3adescribeSecret")).get(SECRETS + "/enc-test:describeSecret");
        for (ApiResponse r : List.of(literal, upper, lower)) {
            assertError(r, 404, "NOT_FOUND");
            assertThat(r.errorMessage()).isEqualTo(literal.errorMessage());
        }
        // decoded once only: %253A is the three characters %3A, not a colon
        ApiResponse twice = client.tamper(p -> p.withPath(SECRETS + "/enc-test%253A")).get(SECRETS + "/enc-test%3A");
        assertError(twice, 404, "NOT_FOUND");
        assertThat(twice.errorMessage()).contains("enc-test%3A");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/v1/regions/cn-north-1//secrets", "//v1/regions/cn-north-1/secrets", "/v1//regions/cn-north-1/secrets",
        "/v1/regions/cn-north-1/secrets//enc-test", "/v1/regions/cn-north-1/secrets/enc-test//"})
    void doubleSlashesAreRejectedWith404OrServed(String path) {
        ApiResponse r = client.get(path);
        lenient(r, "NOT_FOUND");
    }

    @Test
    void everyRouteAcceptsOneTrailingSlash() {
        assertThat(assertSuccess(client.post(SECRETS + "/", Secrets.body("slash-test"))).path("secretName").asText()).isEqualTo("slash-test");
        assertThat(assertSuccess(client.get(SECRETS + "/")).path("totalCount").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(assertSuccess(client.get(SECRETS + "/slash-test/")).path("secret").path("name").asText()).isEqualTo("slash-test");
        assertThat(assertSuccess(client.get("/v1/regions/cn-north-1/quotas/", Map.of("resourceType", "secret")))
                .path("quota").path("resourceType").asText()).isEqualTo("secret");
        assertEnvelope(client.delete(SECRETS + "/slash-test/"));
        assertError(client.get(SECRETS + "/slash-test"), 404, "NOT_FOUND");
        assertThat(assertSuccess(server.admin().withToken(null).get("/health/")).path("status").asText()).isEqualTo("ok");
    }

    static Stream<Arguments> undefinedMethodOnKnownPath() {
        return Stream.of(
                Arguments.of("PUT", SECRETS),
                Arguments.of("PUT", SECRETS + "/enc-test"),
                Arguments.of("PATCH", SECRETS + "/enc-test"),
                Arguments.of("DELETE", SECRETS),
                Arguments.of("POST", SECRETS + "/enc-test"),
                Arguments.of("OPTIONS", SECRETS),
                Arguments.of("POST", "/v1/regions/cn-north-1/quotas"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("undefinedMethodOnKnownPath")
    void anUndefinedMethodOnAKnownPathIs404(String method, String path) {
        ApiResponse r = client.send(method, path, Map.of(), method.equals("PUT") || method.equals("PATCH") || method.equals("POST") ? "{}" : null);
        assertError(r, 404, "NOT_FOUND");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"PURGE", "FOO", "get", "Delete", "PROPFIND", "QUERY"})
    void nonStandardMethodsGetTheEnvelope(String method) {
        ApiResponse r = raw.send(method + " " + SECRETS + " HTTP/1.1\r\nHost: " + raw.hostHeader() + "\r\nContent-Length: 0\r\n\r\n");
        lenient(r, "UNAUTHENTICATED", "NOT_FOUND");
        assertThat(r.status()).isIn(401, 404);
    }

    @Test
    void anUnknownRegionSignedForItselfIsInvalidArgument() {
        assertInvalid(client.get("/v1/regions/mars-1/secrets"), "regionId");
        assertInvalid(client.post("/v1/regions/mars-1/secrets", Secrets.body("martian")), "regionId");
        assertInvalid(client.get("/v1/regions/CN-NORTH-1/secrets/enc-test"), "regionId");
        assertInvalid(client.get("/v1/regions/cn-north-1a/quotas", Map.of("resourceType", "secret")), "regionId");
    }

    // ---------------------------------------------------------------- HTTP layer

    static Stream<Arguments> protocolMistakes() {
        List<Arguments> cases = new ArrayList<>();
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            cases.add(Arguments.of(method + " with a %ZZ escape in the path", method + " " + SECRETS + "/a%ZZ HTTP/1.1"));
            cases.add(Arguments.of(method + " with a target missing its leading slash", method + " v1/regions/cn-north-1/secrets HTTP/1.1"));
            cases.add(Arguments.of(method + " with the asterisk target", method + " * HTTP/1.1"));
        }
        cases.add(Arguments.of("an unknown HTTP version", "GET " + SECRETS + " HTTP/9.9"));
        cases.add(Arguments.of("an HTTP/0.9 request line", "GET " + SECRETS));
        cases.add(Arguments.of("HTTP/2.0 on a plain HTTP/1 connection", "GET " + SECRETS + " HTTP/2.0"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolMistakes")
    void protocolMistakesAreAnsweredWithTheEnvelopeAndNever5xx(String what, String requestLine) {
        ApiResponse r = raw.send(requestLine + "\r\nHost: " + raw.hostHeader() + "\r\nContent-Length: 0\r\n\r\n");
        assertEnvelope(r);
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    }
}
