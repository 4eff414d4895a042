package nc.api;

import static nc.testing.EnvelopeAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.Stderr;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every state-changing request, tenant or operator, succeeded or refused, leaves exactly one
 * structured audit line (JSON, logger nc.audit) naming the request, the caller, the operation,
 * its targets and its outcome; reads leave none; no line holds a secret.
 */
class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The audit lines in the log, parsed. */
    private static List<JsonNode> auditLines(String log) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf("nc.audit - ");
            if (at >= 0) {
                try {
                    lines.add(JSON.readTree(line.substring(at + "nc.audit - ".length())));
                } catch (Exception e) {
                    throw new AssertionError("audit line is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    private static JsonNode lineOf(List<JsonNode> lines, ApiResponse response) {
        String id = response.json().path("requestId").asText();
        List<JsonNode> matching = lines.stream().filter(l -> l.path("requestId").asText().equals(id)).toList();
        assertThat(matching).as("audit lines of request %s", id).hasSize(1);
        return matching.get(0);
    }

    @Test
    void eachChangeLeavesOneLineWithCallerOperationTargetsAndOutcomeAndNoSecret() {
        assertThat(LoggerFactory.getLogger("nc.audit").isInfoEnabled()).as("nc.audit must log at INFO in tests (pom.xml)").isTrue();
        SignedClient tenant = server.client();
        SignedClient vpc = tenant.service("vpc");
        ApiResponse[] r = new ApiResponse[7];
        String log = Stderr.capture(() -> {
            r[0] = tenant.post(SECRETS, Secrets.body("audited"));
            r[1] = tenant.delete(SECRETS + "/audited");
            r[2] = vpc.post("/v1/regions/cn-north-1/vpcs/", "{\"vpcName\":\"audited\"}");
            r[3] = tenant.post(SECRETS, Secrets.body("Not_Valid"));
            r[4] = server.admin().post("/admin/accounts", "{\"name\":\"audited\"}");
            r[5] = tenant.get(SECRETS);
            r[6] = server.admin().withToken("wrong").post("/admin/accounts", "{\"name\":\"nope\"}");
        });
        List<JsonNode> lines = auditLines(log);
        String account = server.defaultKey().accountId();
        String accessKey = server.defaultKey().accessKey();

        JsonNode created = lineOf(lines, assertOk(r[0]));
        assertThat(created.path("caller").asText()).isEqualTo("tenant");
        assertThat(created.path("account").asText()).isEqualTo(account);
        assertThat(created.path("accessKeyId").asText()).isEqualTo(accessKey);
        assertThat(created.path("operation").asText()).isEqualTo("createSecret");
        assertThat(created.path("region").asText()).isEqualTo("cn-north-1");
        assertThat(created.path("status").asInt()).isEqualTo(200);
        assertThat(created.path("targets").path("secretName").asText()).isEqualTo("audited");

        JsonNode deleted = lineOf(lines, assertOk(r[1]));
        assertThat(deleted.path("operation").asText()).isEqualTo("deleteSecret");
        assertThat(deleted.path("targets").path("name").asText()).isEqualTo("audited");

        JsonNode madeVpc = lineOf(lines, assertOk(r[2]));
        assertThat(madeVpc.path("targets").path("vpcId").asText()).isEqualTo(r[2].result().path("vpcId").asText()).startsWith("vpc-");

        assertError(r[3], 400, "INVALID_ARGUMENT");
        JsonNode refused = lineOf(lines, r[3]);
        assertThat(refused.path("status").asInt()).isEqualTo(400);
        assertThat(refused.path("error").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.path("operation").asText()).isEqualTo("createSecret");

        JsonNode operator = lineOf(lines, assertOk(r[4]));
        assertThat(operator.path("caller").asText()).isEqualTo("operator");
        assertThat(operator.path("operation").asText()).isEqualTo("createAccount");
        assertThat(operator.path("targets").path("accountId").asText()).isEqualTo(r[4].result().path("account").path("accountId").asText());
        assertThat(operator.path("targets").path("accessKey").asText()).isEqualTo(r[4].result().path("accessKey").asText());

        assertThat(lines).as("a read leaves no audit line")
                .noneMatch(l -> l.path("requestId").asText().equals(r[5].json().path("requestId").asText()));
        assertError(r[6], 401, "UNAUTHENTICATED");
        assertThat(lineOf(lines, r[6]).path("caller").asText()).isEqualTo("unauthenticated");

        String audit = lines.toString();
        assertThat(audit).doesNotContain(Secrets.PASSWORD).doesNotContain(Secrets.b64(Secrets.PASSWORD))
                .doesNotContain(server.defaultKey().secretKey())
                .doesNotContain(r[4].result().path("secretKey").asText())
                .doesNotContain(server.server().operatorToken());
    }

    private static ApiResponse assertOk(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }
}
