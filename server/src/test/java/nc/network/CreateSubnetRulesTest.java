package nc.network;

import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static nc.testing.EnvelopeAssertions.assertEnvelope;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** createSubnet, describeSubnet, deleteSubnet (docs/api/vpc-disk.md §2.5) and the address rules A1–A11 (§2.3), on the fake runtime. */
class CreateSubnetRulesTest {
    static FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static VpcApi vpc;
    static FakeContainers containers;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime);
        vpc = VpcApi.tenant(server, "\"vpc\":100");
        containers = new FakeContainers(runtime, vpc.nc());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiResponse create(String vpcId, String cidr, String extraMembers) {
        return vpc.post(SUBNETS, "{\"vpcId\":\"" + vpcId + "\",\"subnetName\":\"s\",\"addressPrefix\":\"" + cidr + "\""
                + (extraMembers == null ? "" : "," + extraMembers) + "}");
    }

    @Test
    void requiredMembersAndTheirRules() {
        String v = vpc.createVpc("req", "10.10.0.0/16");
        assertInvalid(vpc.post(SUBNETS, "{\"subnetName\":\"s\",\"addressPrefix\":\"10.10.0.0/24\"}"), "vpcId");
        assertInvalid(vpc.post(SUBNETS, "{\"vpcId\":\"" + v + "\",\"addressPrefix\":\"10.10.0.0/24\"}"), "subnetName");
        assertInvalid(vpc.post(SUBNETS, "{\"vpcId\":\"" + v + "\",\"subnetName\":\"a b\",\"addressPrefix\":\"10.10.0.0/24\"}"),
                "subnetName");
        assertInvalid(vpc.post(SUBNETS, "{\"vpcId\":\"" + v + "\",\"subnetName\":\"s\"}"), "addressPrefix");
        assertInvalid(create(v, "10.10.0.0/24", "\"description\":\"" + "x".repeat(257) + "\""), "description");
        ApiResponse unknownVpc = create("vpc-0000000000", "10.10.0.0/24", null);
        assertError(unknownVpc, 404, "NOT_FOUND");
        assertThat(unknownVpc.errorMessage()).isEqualTo("vpc vpc-0000000000 not found");
        assertThat(vpc.vpc(v).path("subnets")).isEmpty();
    }

    @Test
    void a1ToA3_rangesAreNetworkAddressesOfPrivateBlocksWithPrefix16To28() {
        String v = vpc.createVpc("a13", null);
        assertInvalid(create(v, "10.11.0.1/24", null), "addressPrefix");
        assertInvalid(create(v, "8.8.8.0/24", null), "addressPrefix");
        assertInvalid(create(v, "10.11.0.0/15", null), "addressPrefix");
        assertInvalid(create(v, "10.11.0.0/29", null), "addressPrefix");
        assertThat(vpc.subnet(vpc.createSubnet(v, "ok", "10.11.0.0/28")).path("availableIpCount").asInt()).isEqualTo(12);
    }

    @Test
    void a4_aVpcWithoutRangeTakesAnyAllowedSubnet() {
        String v = vpc.createVpc("a4", null);
        vpc.createSubnet(v, "ten", "10.12.0.0/24");
        vpc.createSubnet(v, "one72", "172.16.5.0/24");
        vpc.createSubnet(v, "one92", "192.168.7.0/24");
        assertThat(vpc.vpc(v).path("subnets")).hasSize(3);
        assertThat(vpc.vpc(v).has("addressPrefix")).isFalse();
    }

    @Test
    void a5_aSubnetLiesInsideItsVpcsRange() {
        String v = vpc.createVpc("a5", "10.13.0.0/16");
        ApiResponse outside = create(v, "10.14.0.0/24", null);
        assertInvalid(outside, "addressPrefix");
        assertThat(outside.errorMessage()).isEqualTo("addressPrefix 10.14.0.0/24 is not inside the range 10.13.0.0/16 of vpc " + v);
        assertInvalid(create(v, "10.12.0.0/16", null), "addressPrefix");
        vpc.createSubnet(v, "in", "10.13.255.240/28");
    }

    /** The refusal of docs/api/vpc-disk.md §7.6, message for message. */
    @Test
    void a6_subnetsOfOneVpcDoNotOverlap() {
        String v = vpc.createVpc("a6", "10.0.0.0/16");
        String big = vpc.createSubnet(v, "big", "10.0.16.0/20");
        ApiResponse overlap = create(v, "10.0.16.0/24", null);
        assertInvalid(overlap, "addressPrefix");
        assertThat(overlap.errorMessage()).isEqualTo("addressPrefix 10.0.16.0/24 overlaps subnet " + big + " (10.0.16.0/20)");
        assertInvalid(create(v, "10.0.0.0/16", null), "addressPrefix");
        vpc.createSubnet(v, "next", "10.0.32.0/20");
    }

    @Test
    void a7_rangesOfDifferentVpcsMayOverlap() {
        String a = vpc.createVpc("a7a", "10.15.0.0/16");
        String b = vpc.createVpc("a7b", "10.15.0.0/16");
        String sa = vpc.createSubnet(a, "s", "10.15.1.0/24");
        String sb = vpc.createSubnet(b, "s", "10.15.1.0/24");
        assertThat(vpc.subnet(sa).path("addressPrefix").asText()).isEqualTo(vpc.subnet(sb).path("addressPrefix").asText());
    }

    @Test
    void a9ToA11_fourAddressesAreReservedAndContainersTakeTheLowestFree() {
        String v = vpc.createVpc("a9", "10.16.0.0/16");
        String s = vpc.createSubnet(v, "s", "10.16.1.0/24");
        String g = vpc.createGroup(v, "g");
        assertThat(vpc.subnet(s).path("availableIpCount").asInt()).isEqualTo(252);

        List<String> ids = containers.create(FakeContainers.body(s, g, 2, null));
        assertThat(ids.stream().map(id -> containers.describe(id).path("privateIpAddress").asText()))
                .containsExactlyInAnyOrder("10.16.1.3", "10.16.1.4");
        String failed = containers.create(FakeContainers.body(s, g, 1, null).replace(FakeContainers.IMAGE, FakeContainers.BROKEN_IMAGE))
                .get(0);
        containers.awaitStatus(failed, "error");
        assertThat(vpc.subnet(s).path("availableIpCount").asInt()).as("error containers hold their address too").isEqualTo(249);

        ApiResponse reserved = containers.tryCreate(FakeContainers.body(s, g, 1, null)
                .replace("\"securityGroups\"", "\"primaryIpAddress\":\"10.16.1.2\",\"securityGroups\""));
        assertInvalid(reserved, "containerSpec.primaryNetworkInterface.networkInterface.primaryIpAddress");
        assertThat(reserved.errorMessage()).contains("reserved");

        containers.deleteAndWait(ids.get(0));
        assertThat(vpc.subnet(s).path("availableIpCount").asInt()).isEqualTo(250);
    }

    @Test
    void routeTableIdMustBeTheVpcsOwn() {
        String v = vpc.createVpc("rtb", "10.17.0.0/16");
        String own = vpc.vpc(vpc.createVpc("other", null)).path("routeTableIds").get(0).asText();
        assertError(create(v, "10.17.1.0/24", "\"routeTableId\":\"" + own + "\""), 404, "NOT_FOUND");
        String rtb = vpc.vpc(v).path("routeTableIds").get(0).asText();
        String id = assertSuccess(create(v, "10.17.1.0/24", "\"routeTableId\":\"" + rtb + "\"")).path("subnetId").asText();
        assertThat(vpc.subnet(id).path("routeTableId").asText()).isEqualTo(rtb);
    }

    @Test
    void ipMaskLenIsZeroOrBetweenMax24PrefixAnd28AndIsEchoed() {
        String v = vpc.createVpc("mask", "10.18.0.0/16");
        assertInvalid(create(v, "10.18.1.0/24", "\"ipMaskLen\":23"), "ipMaskLen");
        assertInvalid(create(v, "10.18.1.0/24", "\"ipMaskLen\":29"), "ipMaskLen");
        assertInvalid(create(v, "10.18.2.0/26", "\"ipMaskLen\":25"), "ipMaskLen");
        assertInvalid(create(v, "10.18.1.0/24", "\"ipMaskLen\":\"24\""), "ipMaskLen");
        String id = assertSuccess(create(v, "10.18.1.0/24", "\"ipMaskLen\":28")).path("subnetId").asText();
        assertThat(vpc.subnet(id).path("ipMaskLen").asInt()).isEqualTo(28);
        String small = assertSuccess(create(v, "10.18.2.0/26", "\"ipMaskLen\":26")).path("subnetId").asText();
        assertThat(vpc.subnet(small).path("ipMaskLen").asInt()).isEqualTo(26);
    }

    @Test
    void domainNamesAndServersAreCheckedAndEchoed() {
        String v = vpc.createVpc("dns", "10.19.0.0/16");
        assertInvalid(create(v, "10.19.1.0/24", "\"domainNames\":[\"bad name\"]"), "domainNames[0]");
        assertInvalid(create(v, "10.19.1.0/24", "\"domainNames\":[\"" + "a".repeat(200) + "\",\"" + "b".repeat(55) + "\"]"),
                "domainNames");
        assertInvalid(create(v, "10.19.1.0/24", "\"domainNameServers\":[\"1.1.1.1\",\"nameserver\"]"), "domainNameServers[1]");
        assertInvalid(create(v, "10.19.1.0/24", "\"domainNameServers\":[\"1.1.1.1\",\"1.1.1.2\",\"1.1.1.3\",\"1.1.1.4\","
                + "\"1.1.1.5\",\"1.1.1.6\"]"), "domainNameServers");
        String id = assertSuccess(create(v, "10.19.1.0/24", "\"domainNames\":[\"corp.example\",\"my_zone-1\"],"
                + "\"domainNameServers\":[\"10.19.1.53\",\"8.8.8.8\"]")).path("subnetId").asText();
        JsonNode s = vpc.subnet(id);
        assertThat(VpcApi.texts(s.path("domainNames"), null)).containsExactly("corp.example", "my_zone-1");
        assertThat(VpcApi.texts(s.path("domainNameServers"), null)).containsExactly("10.19.1.53", "8.8.8.8");
    }

    @Test
    void dryRunRunsEveryCheckAndCreatesNothing() {
        String v = vpc.createVpc("dry", "10.20.0.0/16");
        ApiResponse dry = create(v, "10.20.1.0/24", "\"dryRun\":true");
        assertEnvelope(dry);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().has("result")).isFalse();
        assertThat(vpc.vpc(v).path("subnets")).isEmpty();
        vpc.createSubnet(v, "real", "10.20.1.0/24");
        assertInvalid(create(v, "10.20.1.0/25", "\"dryRun\":true"), "addressPrefix");
        assertError(create("vpc-0000000000", "10.20.2.0/24", "\"dryRun\":true"), 404, "NOT_FOUND");
    }

    @Test
    void quota_tenSubnetsPerVpc() {
        String v = vpc.createVpc("quota", "10.21.0.0/16");
        for (int i = 0; i < 10; i++) {
            vpc.createSubnet(v, "s" + i, "10.21." + i + ".0/24");
        }
        ApiResponse eleventh = create(v, "10.21.10.0/24", null);
        assertError(eleventh, 429, "QUOTA_EXCEEDED");
        assertThat(eleventh.errorMessage()).isEqualTo("subnetPerVpc quota exceeded for vpc " + v + ": limit 10, used 10");
        assertError(create(v, "10.21.10.0/24", "\"dryRun\":true"), 429, "QUOTA_EXCEEDED");
        vpc.createSubnet(vpc.createVpc("another", null), "s", "10.21.10.0/24");
    }

    /** The refusal of docs/api/vpc-disk.md §7.6: interfaces of containers in any status keep the subnet. */
    @Test
    void deleteSubnetIsRefusedWhileContainersHaveInterfacesInIt() {
        String v = vpc.createVpc("busy", "10.22.0.0/16");
        String s = vpc.createSubnet(v, "s", "10.22.1.0/24");
        String g = vpc.createGroup(v, "g");
        String ok = containers.running(s, g, null);
        String failed = containers.create(FakeContainers.body(s, g, 1, null).replace(FakeContainers.IMAGE, FakeContainers.BROKEN_IMAGE))
                .get(0);
        containers.awaitStatus(failed, "error");

        ApiResponse refused = vpc.delete(SUBNETS + s);
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).isEqualTo("subnet " + s + " has 2 network interfaces; delete the containers first");
        containers.deleteAndWait(ok);
        assertThat(vpc.delete(SUBNETS + s).errorMessage()).isEqualTo("subnet " + s + " has 1 network interface; delete the containers first");
        containers.deleteAndWait(failed);

        assertThat(vpc.delete(SUBNETS + s).status()).isEqualTo(200);
        assertError(vpc.get(SUBNETS + s), 404, "NOT_FOUND");
        assertThat(vpc.vpc(v).path("subnets")).isEmpty();
        assertThat(vpc.delete(VPCS + v).status()).isEqualTo(200);
    }

    @Test
    void otherAccountsSeeNoSubnetOfThisOne() {
        String s = vpc.createSubnet(vpc.createVpc("mine", null), "s", "10.23.0.0/24");
        VpcApi other = new VpcApi(server.newTenant());
        assertError(other.get(SUBNETS + s), 404, "NOT_FOUND");
        assertError(other.delete(SUBNETS + s), 404, "NOT_FOUND");
        assertThat(other.get(SUBNETS).result().path("totalCount").asInt()).isZero();
    }
}
