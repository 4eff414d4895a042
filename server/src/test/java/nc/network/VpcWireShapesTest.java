package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static nc.network.VpcApi.members;
import static nc.testing.EnvelopeAssertions.assertEnvelope;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vpc API on the wire, through JD Cloud's signer with service {@code vpc}: the trailing-slash
 * paths of docs/api/vpc-disk.md §1.3, dispatch by scope (§1.2), Number fields (§1.4) and the output
 * types of §2.2 member for member.
 */
class VpcWireShapesTest {
    static TestServer server;
    static VpcApi vpc;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        vpc = new VpcApi(server.newTenant());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void collectionsAreSignedAndRoutedWithTheirTrailingSlash() {
        String id = vpc.createVpc("slash", "10.0.0.0/16");
        ApiResponse listed = vpc.get(VPCS, Map.of("pageNumber", "1", "pageSize", "10", "filters.1.name", "vpcIds",
                "filters.1.values.1", id));
        assertThat(assertSuccess(listed).path("vpcs").get(0).path("vpcId").asText()).isEqualTo(id);

        ApiResponse withoutSlash = vpc.get(VpcApi.REGION + "/vpcs", Map.of("filters.1.name", "vpcIds", "filters.1.values.1", id));
        assertThat(assertSuccess(withoutSlash).path("totalCount").asInt()).isEqualTo(1);
        ApiResponse itemWithSlash = vpc.get(VPCS + id + "/");
        assertThat(assertSuccess(itemWithSlash).path("vpc").path("vpcId").asText()).isEqualTo(id);
    }

    @Test
    void theSignatureCoversThePathExactlyAsReceived() {
        ApiResponse slashAddedAfterSigning = vpc.client().tamper(p -> p.withPath(p.path() + "/")).get(VpcApi.REGION + "/vpcs");
        assertError(slashAddedAfterSigning, 401, "UNAUTHENTICATED");
        ApiResponse slashRemovedAfterSigning = vpc.client().tamper(p -> p.withPath(p.path().substring(0, p.path().length() - 1)))
                .get(VPCS);
        assertError(slashRemovedAfterSigning, 401, "UNAUTHENTICATED");
    }

    @Test
    void vpcOperationsAnswerOnlyUnderTheVpcScope() {
        ApiResponse ncScope = server.newTenant().get(VPCS);
        assertError(ncScope, 404, "NOT_FOUND");
        ApiResponse diskScope = vpc.client().service("disk").get(SUBNETS);
        assertError(diskScope, 404, "NOT_FOUND");
        ApiResponse containersUnderVpc = vpc.get(VpcApi.REGION + "/containers");
        assertError(containersUnderVpc, 404, "NOT_FOUND");
        ApiResponse leftOut = vpc.get(VpcApi.REGION + "/networkInterfaces/");
        assertError(leftOut, 404, "NOT_FOUND");
        ApiResponse modifyVpc = vpc.client().patch(VPCS + "vpc-0000000000", "{\"vpcName\":\"x\"}");
        assertError(modifyVpc, 404, "NOT_FOUND");
    }

    @Test
    void describeVpcHasEveryMemberOfTheVpcType() {
        String id = vpc.createVpc("shape", "10.1.0.0/16");
        String subnet = vpc.createSubnet(id, "web", "10.1.16.0/20");
        JsonNode v = vpc.vpc(id);
        assertThat(members(v)).containsExactly("vpcId", "vpcName", "addressPrefix", "description", "aclIds", "routeTableIds",
                "subnets", "createdTime", "azType", "az", "enableMulticast");
        assertThat(v.path("vpcId").asText()).isEqualTo(id).matches("vpc-[a-z0-9]{10}");
        assertThat(v.path("vpcName").asText()).isEqualTo("shape");
        assertThat(v.path("addressPrefix").asText()).isEqualTo("10.1.0.0/16");
        assertThat(v.path("description").asText()).isEmpty();
        assertThat(v.path("aclIds").isArray()).isTrue();
        assertThat(v.path("aclIds")).isEmpty();
        assertThat(v.path("routeTableIds")).hasSize(1);
        assertThat(v.path("routeTableIds").get(0).asText()).matches("rtb-[a-z0-9]{10}");
        assertThat(v.path("subnets")).hasSize(1);
        assertThat(v.path("subnets").get(0)).isEqualTo(vpc.subnet(subnet));
        assertThat(v.path("createdTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(v.path("azType").asText()).isEqualTo("standard");
        assertThat(v.path("az").asText()).isEmpty();
        assertThat(v.path("enableMulticast").isBoolean()).isTrue();
        assertThat(v.path("enableMulticast").asBoolean()).isFalse();

        JsonNode withoutRange = vpc.vpc(vpc.createVpc("open", null));
        assertThat(withoutRange.has("addressPrefix")).isFalse();
        assertThat(withoutRange.path("subnets")).isEmpty();
    }

    @Test
    void describeSubnetHasEveryMemberOfTheSubnetType() {
        String vpcId = vpc.createVpc("subnets", "10.2.0.0/16");
        String id = vpc.createSubnet(vpcId, "web", "10.2.16.0/20");
        JsonNode s = vpc.subnet(id);
        assertThat(members(s)).containsExactly("subnetId", "subnetName", "vpcId", "addressPrefix", "availableIpCount", "ipMaskLen",
                "description", "routeTableId", "startIp", "endIp", "createdTime", "subnetType", "domainNames", "domainNameServers");
        assertThat(s.path("subnetId").asText()).isEqualTo(id).matches("subnet-[a-z0-9]{10}");
        assertThat(s.path("subnetName").asText()).isEqualTo("web");
        assertThat(s.path("vpcId").asText()).isEqualTo(vpcId);
        assertThat(s.path("addressPrefix").asText()).isEqualTo("10.2.16.0/20");
        assertThat(s.path("availableIpCount").isInt()).isTrue();
        assertThat(s.path("availableIpCount").asInt()).isEqualTo(4092);
        assertThat(s.path("ipMaskLen").asInt()).isZero();
        assertThat(s.path("routeTableId").asText()).isEqualTo(vpc.vpc(vpcId).path("routeTableIds").get(0).asText());
        assertThat(s.path("startIp").asText()).isEqualTo("10.2.16.0");
        assertThat(s.path("endIp").asText()).isEqualTo("10.2.31.255");
        assertThat(s.path("subnetType").asText()).isEqualTo("standard");
        assertThat(s.path("domainNames").isArray()).isTrue();
        assertThat(s.path("domainNameServers").isArray()).isTrue();
    }

    /** docs/api/vpc-disk.md §7.2, as the Java SDK sends it. */
    @Test
    void securityGroupsAndRulesHaveEveryMemberOfTheirTypes() {
        String vpcId = vpc.createVpc("prod", "10.3.0.0/16");
        String group = vpc.createGroup(vpcId, "web-sg");
        ApiResponse added = vpc.post(GROUPS + group + ":addNetworkSecurityGroupRules", "{\"networkSecurityGroupRuleSpecs\":["
                + "{\"protocol\":6,\"direction\":0,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":80,\"toPort\":80,\"description\":\"http\"},"
                + "{\"protocol\":300,\"direction\":1,\"addressPrefix\":\"0.0.0.0/0\"}],\"regionId\":\"cn-north-1\","
                + "\"networkSecurityGroupId\":\"" + group + "\",\"cookies\":[]}");
        JsonNode rules = assertSuccess(added).path("securityGroupRules");
        assertThat(rules).hasSize(2);
        JsonNode http = rules.get(0);
        assertThat(members(http)).containsExactly("ruleId", "direction", "protocol", "addressPrefix", "ipVersion", "fromPort",
                "toPort", "description", "createdTime", "ruleAction", "priority", "ruleType");
        assertThat(http.path("ruleId").asText()).matches("sgr-[a-z0-9]{10}");
        assertThat(http.path("direction").asInt()).isZero();
        assertThat(http.path("protocol").asInt()).isEqualTo(6);
        assertThat(http.path("ipVersion").asInt()).isEqualTo(4);
        assertThat(http.path("fromPort").asInt()).isEqualTo(80);
        assertThat(http.path("toPort").asInt()).isEqualTo(80);
        assertThat(http.path("description").asText()).isEqualTo("http");
        assertThat(http.path("ruleAction").asText()).isEqualTo("allow");
        assertThat(http.path("priority").asInt()).isEqualTo(100);
        assertThat(http.path("ruleType").asText()).isEqualTo("custom");
        JsonNode all = rules.get(1);
        assertThat(all.path("protocol").asInt()).isEqualTo(300);
        assertThat(all.path("fromPort").asInt()).isZero();
        assertThat(all.path("toPort").asInt()).isZero();
        assertThat(all.path("description").asText()).isEmpty();

        JsonNode g = vpc.group(group);
        assertThat(members(g)).containsExactly("networkSecurityGroupId", "networkSecurityGroupName", "description", "vpcId",
                "securityGroupRules", "createdTime", "networkSecurityGroupType", "networkInterfaceIds");
        assertThat(g.path("networkSecurityGroupId").asText()).isEqualTo(group).matches("sg-[a-z0-9]{10}");
        assertThat(g.path("networkSecurityGroupName").asText()).isEqualTo("web-sg");
        assertThat(g.path("vpcId").asText()).isEqualTo(vpcId);
        assertThat(g.path("securityGroupRules")).isEqualTo(rules);
        assertThat(g.path("networkSecurityGroupType").asText()).isEqualTo("custom");
        assertThat(g.path("networkInterfaceIds").isArray()).isTrue();
        assertThat(g.path("networkInterfaceIds")).isEmpty();
    }

    @Test
    void numberFieldsAcceptIntegralJsonNumbersOnly() {
        String group = vpc.createGroup(vpc.createVpc("numbers", "10.4.0.0/16"), "g");
        ApiResponse decimals = vpc.addRules(group, "{\"protocol\":6.0,\"direction\":0.0,\"addressPrefix\":\"10.0.0.0/8\","
                + "\"fromPort\":22.0,\"toPort\":2.2e1,\"priority\":1E2}");
        JsonNode rule = assertSuccess(decimals).path("securityGroupRules").get(0);
        assertThat(rule.path("protocol").isInt()).isTrue();
        assertThat(rule.path("protocol").asInt()).isEqualTo(6);
        assertThat(rule.path("fromPort").asInt()).isEqualTo(22);
        assertThat(rule.path("toPort").asInt()).isEqualTo(22);
        assertThat(rule.path("priority").asInt()).isEqualTo(100);

        assertInvalid(vpc.addRules(group, "{\"protocol\":6.5,\"direction\":0,\"addressPrefix\":\"0.0.0.0/0\"}"),
                "networkSecurityGroupRuleSpecs[0].protocol");
        assertInvalid(vpc.addRules(group, "{\"protocol\":\"6\",\"direction\":0,\"addressPrefix\":\"0.0.0.0/0\"}"),
                "networkSecurityGroupRuleSpecs[0].protocol");
        assertInvalid(vpc.addRules(group, "{\"protocol\":6,\"direction\":true,\"addressPrefix\":\"0.0.0.0/0\"}"),
                "networkSecurityGroupRuleSpecs[0].direction");
        assertThat(vpc.group(group).path("securityGroupRules")).hasSize(1);
    }

    /** docs/api/vpc-disk.md §7.4: requestId inside result, equal to the envelope's. */
    @Test
    void createElasticIpsRepeatsTheRequestIdInsideItsResult() {
        ApiResponse created = vpc.post(EIPS, "{\"maxCount\":1,\"elasticIpSpec\":{\"bandwidthMbps\":5,\"provider\":\"bgp\","
                + "\"chargeSpec\":{\"chargeMode\":\"postpaid_by_usage\"}},\"regionId\":\"cn-north-1\",\"cookies\":[]}");
        String requestId = assertEnvelope(created);
        JsonNode result = assertSuccess(created);
        assertThat(members(result)).containsExactly("elasticIpIds", "requestId");
        assertThat(result.path("requestId").asText()).isEqualTo(requestId);
        String id = result.path("elasticIpIds").get(0).asText();
        assertThat(id).matches("fip-[a-z0-9]{10}");

        JsonNode e = vpc.eip(id);
        assertThat(members(e)).containsExactly("elasticIpId", "elasticIpAddress", "bandwidthMbps", "provider", "charge",
                "createdTime", "tags", "ipType", "status");
        assertThat(e.path("elasticIpAddress").asText()).startsWith("127.100.0.");
        assertThat(e.path("bandwidthMbps").asInt()).isEqualTo(5);
        assertThat(e.path("provider").asText()).isEqualTo("bgp");
        assertThat(members(e.path("charge"))).containsExactly("chargeMode", "chargeStatus", "chargeStartTime");
        assertThat(e.path("charge").path("chargeMode").asText()).isEqualTo("postpaid_by_usage");
        assertThat(e.path("charge").path("chargeStatus").asText()).isEqualTo("normal");
        assertThat(e.path("tags")).isEmpty();
        assertThat(e.path("ipType").asText()).isEqualTo("standard");
        assertThat(e.path("status").asText()).isEqualTo("NOT_ASSOCIATED");
    }

    @Test
    void operationsWithoutResultAnswerWithTheRequestIdAlone() {
        String vpcId = vpc.createVpc("gone", null);
        ApiResponse deleted = vpc.delete(VPCS + vpcId);
        assertEnvelope(deleted);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(members(deleted.json())).containsExactly("requestId");
        assertError(vpc.get(VPCS + vpcId), 404, "NOT_FOUND");
    }
}
