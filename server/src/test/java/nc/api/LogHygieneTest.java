package nc.api;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.Stderr;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Nothing the server writes down holds a credential: not the log (slf4j-simple on System.err,
 * access lines from the {@code nc.access} logger), not the H2 database files. The access log
 * must be on for the log check to mean anything, so its presence is asserted first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogHygieneTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
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

    private static String signatureOf(SignedClient.SignedParts parts) {
        Matcher m = SIGNATURE.matcher(parts.header("Authorization"));
        assertThat(m.find()).as("signed Authorization header").isTrue();
        return m.group(1);
    }

    private static String requestId(ApiResponse r) {
        return r.json().path("requestId").asText();
    }

    @Test
    @Order(1)
    void theAccessLogIsOnAndHoldsNoPasswordSecretKeyOrSignature() {
        assertThat(LoggerFactory.getLogger("nc.access").isInfoEnabled())
                .as("the nc.access logger must log at INFO in tests (surefire systemPropertyVariables:"
                        + " org.slf4j.simpleLogger.log.nc.access=info), else this test proves nothing")
                .isTrue();

        List<String> signatures = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        String log = Stderr.capture(() -> {
            SignedClient.SignedParts create = client.sign("POST", SECRETS, Map.of(),
                    Secrets.body("log-hygiene").getBytes(StandardCharsets.UTF_8));
            signatures.add(signatureOf(create));
            ApiResponse created = client.sendRaw(create);
            assertSuccess(created);
            requestIds.add(requestId(created));

            SignedClient.SignedParts describe = client.sign("GET", SECRETS + "/log-hygiene", Map.of(), new byte[0]);
            signatures.add(signatureOf(describe));
            ApiResponse described = client.sendRaw(describe);
            assertSuccess(described);
            requestIds.add(requestId(described));

            // a request whose signature is wrong: the server computes the right one and must not log either
            SignedClient.SignedParts listing = client.sign("GET", SECRETS, Map.of("pageSize", "10"), new byte[0]);
            String right = signatureOf(listing);
            String wrong = new StringBuilder(right).reverse().toString();
            signatures.add(right);
            signatures.add(wrong);
            ApiResponse refused = client.sendRaw(listing.withHeader("Authorization",
                    listing.header("Authorization").replace(right, wrong)));
            assertError(refused, 401, "UNAUTHENTICATED");
            requestIds.add(requestId(refused));

            // a createSecret that fails validation after the body was read must not echo the body either
            SignedClient.SignedParts invalid = client.sign("POST", SECRETS, Map.of(),
                    Secrets.body("Invalid_Name").getBytes(StandardCharsets.UTF_8));
            signatures.add(signatureOf(invalid));
            ApiResponse rejected = client.sendRaw(invalid);
            assertError(rejected, 400, "INVALID_ARGUMENT");
            requestIds.add(requestId(rejected));
        });

        for (String id : requestIds) {
            assertThat(log).as("an access log line for request %s", id)
                    .containsPattern("nc\\.access.*" + id);
        }
        assertThat(log).as("the log holds no registry password")
                .doesNotContain(Secrets.PASSWORD)
                .doesNotContain(Secrets.b64(Secrets.PASSWORD));
        assertThat(log).as("the log holds no secret key").doesNotContain(server.defaultKey().secretKey());
        for (String signature : signatures) {
            assertThat(log).as("the log holds no signature").doesNotContain(signature);
        }
    }

    @Test
    @Order(2)
    void theDatabaseFilesNeverHoldTheClearPassword() throws IOException {
        assertSuccess(client.post(SECRETS, Secrets.body("at-rest")));
        server.stopKeepingData();

        List<Path> files;
        try (Stream<Path> list = Files.list(server.dataDir())) {
            files = list.filter(p -> p.getFileName().toString().startsWith("nc.") && p.getFileName().toString().endsWith(".db")).toList();
        }
        assertThat(files).as("H2 files in %s", server.dataDir()).extracting(p -> p.getFileName().toString()).contains("nc.mv.db");
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            // the file is searchable: values stored in clear are found
            if (file.getFileName().toString().equals("nc.mv.db")) {
                assertThat(content).as("%s holds the secret's name and server in clear", file)
                        .contains("at-rest").contains(Secrets.b64("registry.example.com"));
            }
            assertThat(content).as("%s holds no clear password", file)
                    .doesNotContain(Secrets.PASSWORD)
                    .doesNotContain(Secrets.b64(Secrets.PASSWORD));
            assertThat(content).as("%s holds no clear secret key", file).doesNotContain(server.defaultKey().secretKey());
            assertThat(content).as("%s holds no clear operator token", file).doesNotContain(server.server().operatorToken());
        }
    }
}
