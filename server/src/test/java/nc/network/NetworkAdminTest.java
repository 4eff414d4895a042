package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static nc.network.VpcApi.texts;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's side of the network (docs/api/vpc-disk.md §5, README "Operator API"): per-account
 * network quotas, networks made for an account through the same rules, and the default network.
 */
class NetworkAdminTest {
    static TestServer server;
    static AdminClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyAccountShowsTheNetworkQuotasWithTheirDefaults() {
        JsonNode quotas = assertSuccess(admin.get("/admin/accounts/" + server.defaultKey().accountId())).path("account").path("quotas");
        assertThat(quotas.path("vpc").asInt()).isEqualTo(10);
        assertThat(quotas.path("subnetPerVpc").asInt()).isEqualTo(10);
        assertThat(quotas.path("securityGroupPerVpc").asInt()).isEqualTo(50);
        assertThat(quotas.path("rulePerSecurityGroup").asInt()).isEqualTo(100);
        assertThat(quotas.path("elasticIp").asInt()).isEqualTo(10);
    }

    @Test
    void theOperatorChangesEachNetworkQuotaPerAccount() {
        VpcApi tenant = VpcApi.tenant(server, "\"vpc\":1,\"subnetPerVpc\":1,\"securityGroupPerVpc\":1,\"rulePerSecurityGroup\":2,"
                + "\"elasticIp\":1");
        JsonNode quotas = assertSuccess(admin.get("/admin/accounts/" + tenant.accountId())).path("account").path("quotas");
        assertThat(quotas.path("vpc").asInt()).isEqualTo(1);
        assertThat(quotas.path("rulePerSecurityGroup").asInt()).isEqualTo(2);

        String v = tenant.createVpc("one", null);
        ApiResponse secondVpc = tenant.post(VPCS, "{\"vpcName\":\"two\"}");
        assertError(secondVpc, 429, "QUOTA_EXCEEDED");
        assertThat(secondVpc.errorMessage()).isEqualTo("vpc quota exceeded: limit 1, used 1");
        tenant.createSubnet(v, "s", "10.60.0.0/24");
        assertError(tenant.post(SUBNETS, "{\"vpcId\":\"" + v + "\",\"subnetName\":\"t\",\"addressPrefix\":\"10.60.1.0/24\"}"),
                429, "QUOTA_EXCEEDED");
        String g = tenant.createGroup(v, "g");
        assertError(tenant.post(GROUPS, "{\"vpcId\":\"" + v + "\",\"networkSecurityGroupName\":\"h\"}"), 429, "QUOTA_EXCEEDED");
        ApiResponse threeRules = tenant.addRules(g, "{\"direction\":0,\"protocol\":300,\"addressPrefix\":\"10.0.0.0/8\"},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"10.0.0.0/8\"},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}");
        assertError(threeRules, 429, "QUOTA_EXCEEDED");
        tenant.createEips(1);
        assertError(tenant.createEips(1, "\"bandwidthMbps\":1,\"provider\":\"bgp\""), 429, "QUOTA_EXCEEDED");

        assertSuccess(admin.patch("/admin/accounts/" + tenant.accountId(), "{\"quotas\":{\"vpc\":2,\"elasticIp\":2}}"));
        tenant.createVpc("two", null);
        tenant.createEips(1);
        assertThat(assertSuccess(admin.get("/admin/accounts/" + tenant.accountId())).path("account").path("quotas")
                .path("subnetPerVpc").asInt()).as("unchanged quotas keep their value").isEqualTo(1);
    }

    @Test
    void networkQuotaValuesAreChecked() {
        String path = "/admin/accounts/" + server.defaultKey().accountId();
        assertInvalid(admin.patch(path, "{\"quotas\":{\"vpc\":-1}}"), "quotas.vpc");
        assertInvalid(admin.patch(path, "{\"quotas\":{\"elasticIp\":\"3\"}}"), "quotas.elasticIp");
        assertInvalid(admin.patch(path, "{\"quotas\":{\"vpcs\":3}}"), "quotas.vpcs");
        assertThat(assertSuccess(admin.get(path)).path("account").path("quotas").path("vpc").asInt()).isEqualTo(10);
    }

    @Test
    void theFirstStartMadeTheDefaultNetworkAndWroteItDown() throws Exception {
        JsonNode defaults = new ObjectMapper().readTree(Files.readString(server.dataDir().resolve("defaults.json")));
        VpcApi owner = new VpcApi(server.client());
        JsonNode v = owner.vpc(defaults.path("vpcId").asText());
        assertThat(v.path("vpcName").asText()).isEqualTo("default");
        assertThat(v.path("addressPrefix").asText()).isEqualTo("10.240.0.0/16");
        assertThat(texts(v.path("subnets"), "subnetId")).containsExactly(defaults.path("subnetId").asText());
        assertThat(v.path("subnets").get(0).path("addressPrefix").asText()).isEqualTo("10.240.0.0/24");
        JsonNode g = owner.group(defaults.path("securityGroupId").asText());
        assertThat(g.path("vpcId").asText()).isEqualTo(v.path("vpcId").asText());
        JsonNode rules = g.path("securityGroupRules");
        assertThat(texts(rules, "direction")).containsExactly("0", "1");
        assertThat(texts(rules, "protocol")).containsExactly("300", "300");
        assertThat(texts(rules, "addressPrefix")).containsExactly("10.240.0.0/16", "0.0.0.0/0");
    }

    @Test
    void networksMadeByTheOperatorFollowTheVpcApisRules() {
        VpcApi tenant = VpcApi.tenant(server, "\"vpc\":10");
        String base = "/admin/accounts/" + tenant.accountId();
        String v = assertSuccess(admin.post(base + "/vpcs", "{\"name\":\"ops\",\"cidr\":\"10.61.0.0/16\"}")).path("vpc").path("vpcId").asText();
        assertThat(tenant.vpc(v).path("vpcName").asText()).isEqualTo("ops");
        assertInvalid(admin.post(base + "/vpcs", "{\"name\":\"bad name\"}"), "name");
        assertInvalid(admin.post(base + "/vpcs", "{\"name\":\"x\",\"cidr\":\"8.8.0.0/16\"}"), "cidr");
        assertInvalid(admin.post(base + "/vpcs", "{\"name\":\"x\",\"regionId\":\"mars-1\"}"), "regionId");

        JsonNode subnet = assertSuccess(admin.post(base + "/subnets", "{\"vpcId\":\"" + v + "\",\"name\":\"s\",\"cidr\":\"10.61.1.0/24\"}"))
                .path("subnet");
        assertThat(subnet.path("availableIpCount").asInt()).isEqualTo(252);
        ApiResponse overlap = admin.post(base + "/subnets", "{\"vpcId\":\"" + v + "\",\"name\":\"t\",\"cidr\":\"10.61.1.0/25\"}");
        assertInvalid(overlap, "cidr");
        assertError(admin.post(base + "/subnets", "{\"vpcId\":\"vpc-0000000000\",\"name\":\"t\",\"cidr\":\"10.61.2.0/24\"}"),
                404, "NOT_FOUND");

        JsonNode open = assertSuccess(admin.post(base + "/securityGroups", "{\"vpcId\":\"" + v + "\",\"name\":\"open\"}"))
                .path("securityGroup");
        assertThat(texts(open.path("securityGroupRules"), "addressPrefix")).containsExactly("10.61.0.0/16", "0.0.0.0/0");
        JsonNode web = assertSuccess(admin.post(base + "/securityGroups", "{\"vpcId\":\"" + v + "\",\"name\":\"web\",\"rules\":["
                + "{\"direction\":0,\"protocol\":6,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":80,\"toPort\":80}]}")).path("securityGroup");
        assertThat(texts(web.path("securityGroupRules"), "fromPort")).containsExactly("80");
        assertInvalid(admin.post(base + "/securityGroups", "{\"vpcId\":\"" + v + "\",\"name\":\"bad\",\"rules\":["
                + "{\"direction\":0,\"protocol\":5,\"addressPrefix\":\"0.0.0.0/0\"}]}"), "rules[0].protocol");
        assertThat(tenant.get(GROUPS).result().path("totalCount").asInt()).as("a refused group is not left behind").isEqualTo(2);

        JsonNode networks = assertSuccess(admin.get(base + "/networks"));
        assertThat(texts(networks.path("vpcs"), "vpcId")).containsExactly(v);
        assertThat(texts(networks.path("subnets"), "subnetId")).containsExactly(subnet.path("subnetId").asText());
        assertThat(networks.path("securityGroups")).hasSize(2);
        assertError(admin.get("/admin/accounts/acct-missing00/networks"), 404, "NOT_FOUND");
        assertThat(tenant.delete(EIPS + "fip-0000000000").status()).isEqualTo(404);
    }
}
