package nc.network;

import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.VPCS;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import nc.testing.ApiResponse;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** createVpc and deleteVpc (docs/api/vpc-disk.md §2.5) with N32, D256 (§1.9), A1–A4 (§2.3) and the VPC quota (§5). */
class CreateVpcRulesTest {
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

    private static ApiResponse create(String members) {
        return vpc.post(VPCS, "{" + members + "}");
    }

    @Test
    void n32_vpcNameIsRequiredAndOneToThirtyTwoLettersDigitsChineseUnderscoreOrDash() {
        assertInvalid(create("\"addressPrefix\":\"10.0.0.0/16\""), "vpcName");
        assertInvalid(create("\"vpcName\":\"\""), "vpcName");
        assertInvalid(create("\"vpcName\":\"has space\""), "vpcName");
        assertInvalid(create("\"vpcName\":\"dot.ted\""), "vpcName");
        assertInvalid(create("\"vpcName\":\"" + "a".repeat(33) + "\""), "vpcName");
        assertInvalid(create("\"vpcName\":\"ｆｕｌｌｗｉｄｔｈ\""), "vpcName");
        assertInvalid(create("\"vpcName\":42"), "vpcName");

        String longest = "网络_-Az09" + "x".repeat(24);
        assertThat(longest.codePointCount(0, longest.length())).isEqualTo(32);
        String id = assertSuccess(create("\"vpcName\":\"" + longest + "\"")).path("vpcId").asText();
        assertThat(vpc.vpc(id).path("vpcName").asText()).isEqualTo(longest);
        vpc.delete(VPCS + id);
    }

    @Test
    void namesNeedNotBeUnique() {
        String a = vpc.createVpc("twin", null);
        String b = vpc.createVpc("twin", null);
        assertThat(a).isNotEqualTo(b);
        vpc.delete(VPCS + a);
        vpc.delete(VPCS + b);
    }

    @Test
    void d256_descriptionIsUpTo256CharactersAndEmptyByDefault() {
        assertInvalid(create("\"vpcName\":\"d\",\"description\":\"" + "é".repeat(257) + "\""), "description");
        String id = assertSuccess(create("\"vpcName\":\"d\",\"description\":\"" + "é".repeat(256) + "\"")).path("vpcId").asText();
        assertThat(vpc.vpc(id).path("description").asText()).hasSize(256);
        vpc.delete(VPCS + id);
    }

    @Test
    void a1_theAddressIsTheNetworkAddressOfItsRange() {
        assertInvalid(create("\"vpcName\":\"a1\",\"addressPrefix\":\"10.0.0.1/16\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a1\",\"addressPrefix\":\"10.0.0.0\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a1\",\"addressPrefix\":\"10.0.0.0/33\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a1\",\"addressPrefix\":\"010.0.0.0/16\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a1\",\"addressPrefix\":\"fd00::/16\""), "addressPrefix");
    }

    @Test
    void a2_rangesLieInsideThePrivateBlocks() {
        assertInvalid(create("\"vpcName\":\"a2\",\"addressPrefix\":\"11.0.0.0/16\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a2\",\"addressPrefix\":\"172.32.0.0/16\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a2\",\"addressPrefix\":\"192.169.0.0/16\""), "addressPrefix");
        for (String ok : new String[] {"10.255.0.0/16", "172.31.0.0/16", "192.168.0.0/16"}) {
            String id = assertSuccess(create("\"vpcName\":\"a2\",\"addressPrefix\":\"" + ok + "\"")).path("vpcId").asText();
            assertThat(vpc.vpc(id).path("addressPrefix").asText()).isEqualTo(ok);
            vpc.delete(VPCS + id);
        }
    }

    @Test
    void a3_prefixLengthsAre16To28() {
        assertInvalid(create("\"vpcName\":\"a3\",\"addressPrefix\":\"10.0.0.0/15\""), "addressPrefix");
        assertInvalid(create("\"vpcName\":\"a3\",\"addressPrefix\":\"10.0.0.0/29\""), "addressPrefix");
        String id = vpc.createVpc("a3", "10.0.0.0/28");
        vpc.delete(VPCS + id);
    }

    @Test
    void multicastEdgeAzTypesAndResourceGroupsAreRefused() {
        assertInvalid(create("\"vpcName\":\"m\",\"enableMulticast\":true"), "enableMulticast");
        assertInvalid(create("\"vpcName\":\"m\",\"azType\":\"edge\""), "azType");
        assertInvalid(create("\"vpcName\":\"m\",\"az\":\"cn-north-1a\""), "az");
        assertInvalid(create("\"vpcName\":\"m\",\"resourceGroupId\":\"rg-1\""), "resourceGroupId");
        String id = assertSuccess(create("\"vpcName\":\"m\",\"enableMulticast\":false,\"azType\":\"standard\",\"az\":\"\","
                + "\"resourceGroupId\":\"\",\"cookies\":[],\"regionId\":\"cn-north-1\"")).path("vpcId").asText();
        vpc.delete(VPCS + id);
    }

    @Test
    void quota_tenVpcsPerRegionThenQuotaExceeded() {
        VpcApi fresh = new VpcApi(server.newTenant());
        for (int i = 0; i < 10; i++) {
            fresh.createVpc("q" + i, null);
        }
        ApiResponse eleventh = fresh.post(VPCS, "{\"vpcName\":\"q10\"}");
        assertError(eleventh, 429, "QUOTA_EXCEEDED");
        assertThat(eleventh.errorMessage()).isEqualTo("vpc quota exceeded: limit 10, used 10");
        assertThat(fresh.get(VPCS).result().path("totalCount").asInt()).isEqualTo(10);
        // per region: another region has its own ten
        String east = assertSuccess(fresh.post("/v1/regions/cn-east-1/vpcs/", "{\"vpcName\":\"east\"}")).path("vpcId").asText();
        assertThat(east).startsWith("vpc-");
    }

    @Test
    void deleteVpcIsRefusedWhileItHasSubnetsAndTakesItsSecurityGroupsAlong() {
        String id = vpc.createVpc("del", "10.9.0.0/16");
        String subnet = vpc.createSubnet(id, "s", "10.9.1.0/24");
        String group = vpc.createGroup(id, "g");
        assertSuccess(vpc.addRules(group, "{\"direction\":0,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}"));

        ApiResponse refused = vpc.delete(VPCS + id);
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).isEqualTo("vpc " + id + " has 1 subnet; delete them first");
        assertThat(vpc.group(group).path("vpcId").asText()).isEqualTo(id);

        assertThat(vpc.delete(VpcApi.SUBNETS + subnet).status()).isEqualTo(200);
        assertThat(vpc.delete(VPCS + id).status()).isEqualTo(200);
        assertError(vpc.get(VPCS + id), 404, "NOT_FOUND");
        assertError(vpc.get(GROUPS + group), 404, "NOT_FOUND");
        assertError(vpc.delete(VPCS + id), 404, "NOT_FOUND");
    }

    @Test
    void otherAccountsRegionsAndMalformedIdsAreNotFound() {
        String id = vpc.createVpc("mine", null);
        VpcApi other = new VpcApi(server.newTenant());
        ApiResponse foreign = other.get(VPCS + id);
        assertError(foreign, 404, "NOT_FOUND");
        assertThat(foreign.errorMessage()).isEqualTo("vpc " + id + " not found");
        assertError(other.delete(VPCS + id), 404, "NOT_FOUND");
        assertError(vpc.get("/v1/regions/cn-east-1/vpcs/" + id), 404, "NOT_FOUND");
        assertError(vpc.get(VPCS + "not-a-vpc-id"), 404, "NOT_FOUND");
        assertThat(vpc.vpc(id).path("vpcId").asText()).isEqualTo(id);
        assertInvalid(vpc.get("/v1/regions/mars-1/vpcs/"), "regionId");
    }
}
