package nc.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeQuota (docs/api/nc.md §5.15, rule 51). */
class DescribeQuotaTest {
    private static final String NORTH = "/v1/regions/cn-north-1";
    private static final String EAST = "/v1/regions/cn-east-1";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void containerQuotaDefaultsToTwenty() {
        ApiResponse response = server.newTenant().get(NORTH + "/quotas", Map.of("resourceType", "container"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=UTF-8");
        JsonNode quota = response.result().path("quota");
        assertThat(quota.path("resourceType").asText()).isEqualTo("container");
        assertThat(quota.path("limit").isIntegralNumber()).isTrue();
        assertThat(quota.path("limit").asInt()).isEqualTo(20);
        assertThat(quota.path("used").isIntegralNumber()).isTrue();
        assertThat(quota.path("used").asInt()).isZero();
    }

    @Test
    void podIsAnAliasOfContainerAndIsEchoed() {
        SignedClient tenant = server.newTenant();
        JsonNode pod = quota(tenant, NORTH, "pod");
        JsonNode container = quota(tenant, NORTH, "container");
        assertThat(pod.path("resourceType").asText()).isEqualTo("pod");
        assertThat(pod.path("limit").asInt()).isEqualTo(container.path("limit").asInt()).isEqualTo(20);
        assertThat(pod.path("used").asInt()).isEqualTo(container.path("used").asInt());
    }

    @Test
    void secretQuotaDefaultsToTwenty() {
        JsonNode quota = quota(server.newTenant(), NORTH, "secret");
        assertThat(quota.path("resourceType").asText()).isEqualTo("secret");
        assertThat(quota.path("limit").asInt()).isEqualTo(20);
        assertThat(quota.path("used").asInt()).isZero();
    }

    @Test
    void resourceTypeIsRequired() {
        SignedClient tenant = server.newTenant();
        assertInvalid(tenant.get(NORTH + "/quotas"), "resourceType");
        assertInvalid(tenant.get(NORTH + "/quotas", Map.of("resourceType", "")), "resourceType");
    }

    @Test
    void unknownResourceTypeIsRejected() {
        SignedClient tenant = server.newTenant();
        for (String type : new String[] {"disk", "containers", "Secret", "POD", "vm"}) {
            ApiResponse response = tenant.get(NORTH + "/quotas", Map.of("resourceType", type));
            assertInvalid(response, "resourceType");
        }
    }

    @Test
    void unknownRegionIsRejected() {
        ApiResponse response = server.newTenant().get("/v1/regions/cn-west-9/quotas", Map.of("resourceType", "secret"));
        assertInvalid(response, "regionId");
        assertThat(response.errorMessage()).contains("cn-west-9");
    }

    @Test
    void usedCountsTheAccountsSecretsInThatRegionOnly() {
        SignedClient tenant = server.newTenant();
        create(tenant, NORTH, "north-1");
        create(tenant, NORTH, "north-2");
        create(tenant, EAST, "east-1");
        SignedClient neighbour = server.newTenant();
        create(neighbour, NORTH, "n-1");
        create(neighbour, NORTH, "n-2");
        create(neighbour, NORTH, "n-3");

        assertThat(quota(tenant, NORTH, "secret").path("used").asInt()).isEqualTo(2);
        assertThat(quota(tenant, EAST, "secret").path("used").asInt()).isEqualTo(1);
        assertThat(quota(tenant, "/v1/regions/cn-south-1", "secret").path("used").asInt()).isZero();
        assertThat(quota(neighbour, NORTH, "secret").path("used").asInt()).isEqualTo(3);
        // secrets are not containers
        assertThat(quota(tenant, NORTH, "container").path("used").asInt()).isZero();

        assertThat(tenant.delete(NORTH + "/secrets/north-1").status()).isEqualTo(200);
        assertThat(quota(tenant, NORTH, "secret").path("used").asInt()).isEqualTo(1);
    }

    @Test
    void operatorsQuotaChangeShowsInLimit() {
        ApiResponse account = server.admin().post("/admin/accounts", "{\"name\":\"quota-change\"}");
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        String accountId = account.result().path("account").path("accountId").asText();
        SignedClient tenant = server.client().withKeys(account.result().path("accessKey").asText(),
                account.result().path("secretKey").asText());
        create(tenant, NORTH, "before-change");

        ApiResponse changed = server.admin().patch("/admin/accounts/" + accountId, "{\"quotas\":{\"secret\":5,\"container\":7}}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        JsonNode secret = quota(tenant, NORTH, "secret");
        assertThat(secret.path("limit").asInt()).isEqualTo(5);
        assertThat(secret.path("used").asInt()).isEqualTo(1);
        assertThat(quota(tenant, EAST, "secret").path("limit").asInt()).isEqualTo(5);
        assertThat(quota(tenant, NORTH, "container").path("limit").asInt()).isEqualTo(7);
        assertThat(quota(tenant, NORTH, "pod").path("limit").asInt()).isEqualTo(7);

        // only the secret quota changes; the container quota stays
        assertThat(server.admin().patch("/admin/accounts/" + accountId, "{\"quotas\":{\"secret\":0}}").status()).isEqualTo(200);
        assertThat(quota(tenant, NORTH, "secret").path("limit").asInt()).isZero();
        assertThat(quota(tenant, NORTH, "container").path("limit").asInt()).isEqualTo(7);

        // other accounts keep the default
        assertThat(quota(server.newTenant(), NORTH, "secret").path("limit").asInt()).isEqualTo(20);
    }

    private static JsonNode quota(SignedClient tenant, String region, String type) {
        ApiResponse response = tenant.get(region + "/quotas", Map.of("resourceType", type));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.result().path("quota");
    }

    private static void create(SignedClient tenant, String region, String name) {
        ApiResponse created = tenant.post(region + "/secrets", Secrets.body(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    private static void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(response.json().has("result")).isFalse();
        assertThat(response.errorMessage()).as("message names %s", field)
                .matches("(?s).*(?<![\\w.])" + Pattern.quote(field) + "(?![\\w.]).*");
    }
}
