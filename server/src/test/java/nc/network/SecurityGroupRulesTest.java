package nc.network;

import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.texts;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Security groups and the rule model of docs/api/vpc-disk.md §2.4 (S1, S7–S9 and every input field), on the fake runtime. */
class SecurityGroupRulesTest {
    static final String ANY = "\"addressPrefix\":\"0.0.0.0/0\"";
    static final String FIELD = "networkSecurityGroupRuleSpecs";
    static FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static VpcApi vpc;
    static String vpcId;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime);
        vpc = VpcApi.tenant(server, "\"securityGroupPerVpc\":200");
        vpcId = vpc.createVpc("rules", "10.30.0.0/16");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String group() {
        return vpc.createGroup(vpcId, "g");
    }

    private static JsonNode rules(String group) {
        return vpc.group(group).path("securityGroupRules");
    }

    private static String rule(String members) {
        return "{" + members + "}";
    }

    @Test
    void s1_aNewGroupHasNoRules() {
        JsonNode g = vpc.group(group());
        assertThat(g.path("securityGroupRules").isArray()).isTrue();
        assertThat(g.path("securityGroupRules")).isEmpty();
    }

    @Test
    void createNeedsAVpcOfTheAccountAndAnN32Name() {
        assertInvalid(vpc.post(GROUPS, "{\"networkSecurityGroupName\":\"g\"}"), "vpcId");
        assertInvalid(vpc.post(GROUPS, "{\"vpcId\":\"" + vpcId + "\"}"), "networkSecurityGroupName");
        assertInvalid(vpc.post(GROUPS, "{\"vpcId\":\"" + vpcId + "\",\"networkSecurityGroupName\":\"no/slash\"}"),
                "networkSecurityGroupName");
        assertInvalid(vpc.post(GROUPS, "{\"vpcId\":\"" + vpcId + "\",\"networkSecurityGroupName\":\"g\",\"description\":\""
                + "d".repeat(257) + "\"}"), "description");
        ApiResponse unknown = vpc.post(GROUPS, "{\"vpcId\":\"vpc-0000000000\",\"networkSecurityGroupName\":\"g\"}");
        assertError(unknown, 404, "NOT_FOUND");
        assertThat(unknown.errorMessage()).isEqualTo("vpc vpc-0000000000 not found");
    }

    @Test
    void directionIsRequiredAndZeroOrOne() {
        String g = group();
        assertInvalid(vpc.addRules(g, rule("\"protocol\":300," + ANY)), FIELD + "[0].direction");
        assertInvalid(vpc.addRules(g, rule("\"direction\":2,\"protocol\":300," + ANY)), FIELD + "[0].direction");
        assertInvalid(vpc.addRules(g, rule("\"direction\":-1,\"protocol\":300," + ANY)), FIELD + "[0].direction");
        assertThat(rules(g)).isEmpty();
    }

    @Test
    void protocolIsRequiredAndOneOfAllTcpUdpIcmp() {
        String g = group();
        assertInvalid(vpc.addRules(g, rule("\"direction\":0," + ANY)), FIELD + "[0].protocol");
        for (int bad : new int[] {0, 2, 7, 47, 301}) {
            assertInvalid(vpc.addRules(g, rule("\"direction\":0,\"protocol\":" + bad + "," + ANY)), FIELD + "[0].protocol");
        }
        for (int ok : new int[] {300, 6, 17, 1}) {
            assertSuccess(vpc.addRules(g, rule("\"direction\":0,\"protocol\":" + ok + "," + ANY)));
        }
        assertThat(texts(rules(g), "protocol")).containsExactly("300", "6", "17", "1");
    }

    @Test
    void addressPrefixIsARequiredIpv4CidrWithHostBitsZero() {
        String g = group();
        String base = "\"direction\":0,\"protocol\":300,";
        assertInvalid(vpc.addRules(g, rule("\"direction\":0,\"protocol\":300")), FIELD + "[0].addressPrefix");
        assertInvalid(vpc.addRules(g, rule(base + "\"addressPrefix\":\"10.0.0.1/8\"")), FIELD + "[0].addressPrefix");
        assertInvalid(vpc.addRules(g, rule(base + "\"addressPrefix\":\"10.0.0.0\"")), FIELD + "[0].addressPrefix");
        assertInvalid(vpc.addRules(g, rule(base + "\"addressPrefix\":\"::/0\"")), FIELD + "[0].addressPrefix");
        assertInvalid(vpc.addRules(g, rule(base + "\"addressPrefix\":\"256.0.0.0/8\"")), FIELD + "[0].addressPrefix");
        assertSuccess(vpc.addRules(g, rule(base + "\"addressPrefix\":\"0.0.0.0/0\"")));
        assertSuccess(vpc.addRules(g, rule(base + "\"addressPrefix\":\"203.0.113.7/32\"")));
        assertThat(texts(rules(g), "addressPrefix")).containsExactly("0.0.0.0/0", "203.0.113.7/32");
    }

    @Test
    void portsAreOneTo65535ForTcpAndUdpDefaultingToTheWholeRangeAndZeroOtherwise() {
        String g = group();
        String tcp = "\"direction\":0,\"protocol\":6," + ANY;
        assertInvalid(vpc.addRules(g, rule(tcp + ",\"fromPort\":0")), FIELD + "[0].fromPort");
        assertInvalid(vpc.addRules(g, rule(tcp + ",\"toPort\":65536")), FIELD + "[0].toPort");
        assertInvalid(vpc.addRules(g, rule(tcp + ",\"fromPort\":443,\"toPort\":80")), FIELD + "[0].fromPort");

        JsonNode whole = assertSuccess(vpc.addRules(g, rule(tcp))).path("securityGroupRules").get(0);
        assertThat(whole.path("fromPort").asInt()).isEqualTo(1);
        assertThat(whole.path("toPort").asInt()).isEqualTo(65535);
        JsonNode udp = assertSuccess(vpc.addRules(g, rule("\"direction\":1,\"protocol\":17," + ANY + ",\"fromPort\":53,\"toPort\":53")))
                .path("securityGroupRules").get(0);
        assertThat(udp.path("fromPort").asInt()).isEqualTo(53);
        assertThat(udp.path("toPort").asInt()).isEqualTo(53);
        JsonNode icmp = assertSuccess(vpc.addRules(g, rule("\"direction\":0,\"protocol\":1," + ANY + ",\"fromPort\":80,\"toPort\":9")))
                .path("securityGroupRules").get(0);
        assertThat(icmp.path("fromPort").asInt()).as("ports of ICMP are stored as 0 whatever was sent").isZero();
        assertThat(icmp.path("toPort").asInt()).isZero();
    }

    @Test
    void ruleActionIsOnlyAllowPriorityIsOneToHundredAndDescriptionD256() {
        String g = group();
        String base = "\"direction\":0,\"protocol\":300," + ANY;
        assertInvalid(vpc.addRules(g, rule(base + ",\"ruleAction\":\"deny\"")), FIELD + "[0].ruleAction");
        assertInvalid(vpc.addRules(g, rule(base + ",\"priority\":0")), FIELD + "[0].priority");
        assertInvalid(vpc.addRules(g, rule(base + ",\"priority\":101")), FIELD + "[0].priority");
        assertInvalid(vpc.addRules(g, rule(base + ",\"description\":\"" + "x".repeat(257) + "\"")), FIELD + "[0].description");
        JsonNode r = assertSuccess(vpc.addRules(g, rule(base + ",\"ruleAction\":\"allow\",\"priority\":1,\"description\":\"d\"")))
                .path("securityGroupRules").get(0);
        assertThat(r.path("priority").asInt()).isEqualTo(1);
        assertThat(r.path("ruleAction").asText()).isEqualTo("allow");
        assertThat(r.path("description").asText()).isEqualTo("d");
    }

    @Test
    void oneToHundredEntriesPerCall() {
        String g = group();
        assertInvalid(vpc.post(GROUPS + g + ":addNetworkSecurityGroupRules", "{}"), FIELD);
        assertInvalid(vpc.addRules(g, ""), FIELD);
        assertInvalid(vpc.addRules(g, String.join(",", tcpPorts(1, 101))), FIELD);
    }

    @Test
    void rulesListIngressFirstEachDirectionInCreationOrder() {
        String g = group();
        assertSuccess(vpc.addRules(g, rule("\"direction\":1,\"protocol\":6," + ANY + ",\"fromPort\":9,\"toPort\":9") + ","
                + rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":5,\"toPort\":5") + ","
                + rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":3,\"toPort\":3")));
        assertSuccess(vpc.addRules(g, rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":1,\"toPort\":1") + ","
                + rule("\"direction\":1,\"protocol\":6," + ANY + ",\"fromPort\":7,\"toPort\":7")));
        JsonNode rules = rules(g);
        assertThat(texts(rules, "direction")).containsExactly("0", "0", "0", "1", "1");
        assertThat(texts(rules, "fromPort")).containsExactly("5", "3", "1", "9", "7");
    }

    @Test
    void s7_aRuleMatchingTheSameTrafficAsAnotherIsRefused() {
        String g = group();
        String http = rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":80,\"toPort\":80");
        ApiResponse twice = vpc.addRules(g, http + "," + http.replace("}", ",\"description\":\"again\"}"));
        assertInvalid(twice, FIELD + "[1]");
        assertThat(rules(g)).isEmpty();
        String first = assertSuccess(vpc.addRules(g, http)).path("securityGroupRules").get(0).path("ruleId").asText();
        ApiResponse again = vpc.addRules(g, http.replace("}", ",\"priority\":5}"));
        assertInvalid(again, FIELD + "[0]");
        assertThat(again.errorMessage()).contains("rule " + first);
        // defaults count: protocol 6 without ports is 1-65535, the same as explicit 1-65535
        assertSuccess(vpc.addRules(g, rule("\"direction\":0,\"protocol\":6," + ANY)));
        assertInvalid(vpc.addRules(g, rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":1,\"toPort\":65535")),
                FIELD + "[0]");
        assertSuccess(vpc.addRules(g, http.replace("\"direction\":0", "\"direction\":1")));
        assertThat(rules(g)).hasSize(3);
    }

    @Test
    void s8_atMostHundredRulesPerGroupBothDirectionsTogether() {
        String g = group();
        assertSuccess(vpc.addRules(g, String.join(",", tcpPorts(1, 60))));
        List<String> egress = new ArrayList<>();
        for (int port = 1; port <= 39; port++) {
            egress.add(rule("\"direction\":1,\"protocol\":6," + ANY + ",\"fromPort\":" + port + ",\"toPort\":" + port));
        }
        assertSuccess(vpc.addRules(g, String.join(",", egress)));
        ApiResponse two = vpc.addRules(g, String.join(",", tcpPorts(61, 2)));
        assertError(two, 429, "QUOTA_EXCEEDED");
        assertThat(two.errorMessage()).isEqualTo("rulePerSecurityGroup quota exceeded for security group " + g
                + ": limit 100, used 99, 2 more requested");
        assertThat(rules(g)).hasSize(99);
        assertSuccess(vpc.addRules(g, String.join(",", tcpPorts(61, 1))));
        assertError(vpc.addRules(g, String.join(",", tcpPorts(62, 1))), 429, "QUOTA_EXCEEDED");
        assertThat(rules(g)).hasSize(100);
    }

    @Test
    void s9_oneBadEntryAndNothingChanges() {
        String g = group();
        ApiResponse mixed = vpc.addRules(g, String.join(",", tcpPorts(1, 3)) + "," + rule("\"direction\":0,\"protocol\":99," + ANY));
        assertInvalid(mixed, FIELD + "[3].protocol");
        assertThat(rules(g)).isEmpty();

        List<String> ids = texts(assertSuccess(vpc.addRules(g, String.join(",", tcpPorts(1, 2)))).path("securityGroupRules"), "ruleId");
        ApiResponse partlyUnknown = vpc.removeRules(g, ids.get(0), "sgr-0000000000");
        assertError(partlyUnknown, 404, "NOT_FOUND");
        assertThat(partlyUnknown.errorMessage()).isEqualTo("rule sgr-0000000000 not found in security group " + g);
        assertThat(rules(g)).hasSize(2);
        ApiResponse badChange = vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\",\"toPort\":100},{\"ruleId\":\"" + ids.get(1)
                + "\",\"protocol\":5}");
        assertInvalid(badChange, "modifySecurityGroupRuleSpecs[1].protocol");
        assertThat(texts(rules(g), "toPort")).containsExactly("1", "2");
    }

    @Test
    void removeTakesExistingRuleIdsOfThisGroupARepeatedIdCountingOnce() {
        String g = group();
        String other = group();
        List<String> ids = texts(assertSuccess(vpc.addRules(g, String.join(",", tcpPorts(1, 3)))).path("securityGroupRules"), "ruleId");
        String foreign = texts(assertSuccess(vpc.addRules(other, String.join(",", tcpPorts(1, 1)))).path("securityGroupRules"), "ruleId")
                .get(0);
        assertInvalid(vpc.post(GROUPS + g + ":removeNetworkSecurityGroupRules", "{\"ruleIds\":[]}"), "ruleIds");
        assertError(vpc.removeRules(g, foreign), 404, "NOT_FOUND");
        ApiResponse removed = vpc.removeRules(g, ids.get(0), ids.get(2), ids.get(0));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().has("result")).isFalse();
        assertThat(texts(rules(g), "ruleId")).containsExactly(ids.get(1));
        assertThat(rules(other)).hasSize(1);
    }

    @Test
    void modifyKeepsAbsentMembersAndResetsPortsWhenTheProtocolChanges() {
        String g = group();
        List<String> ids = texts(assertSuccess(vpc.addRules(g, rule("\"direction\":0,\"protocol\":6," + ANY
                + ",\"fromPort\":80,\"toPort\":90,\"description\":\"web\",\"priority\":7"))).path("securityGroupRules"), "ruleId");
        String id = ids.get(0);
        assertThat(vpc.modifyRules(g, "{\"ruleId\":\"" + id + "\",\"toPort\":85}").status()).isEqualTo(200);
        JsonNode r = rules(g).get(0);
        assertThat(r.path("fromPort").asInt()).isEqualTo(80);
        assertThat(r.path("toPort").asInt()).isEqualTo(85);
        assertThat(r.path("description").asText()).isEqualTo("web");
        assertThat(r.path("priority").asInt()).isEqualTo(7);

        assertThat(vpc.modifyRules(g, "{\"ruleId\":\"" + id + "\",\"protocol\":1}").status()).isEqualTo(200);
        r = rules(g).get(0);
        assertThat(r.path("protocol").asInt()).isEqualTo(1);
        assertThat(r.path("fromPort").asInt()).isZero();
        assertThat(r.path("toPort").asInt()).isZero();

        assertThat(vpc.modifyRules(g, "{\"ruleId\":\"" + id + "\",\"protocol\":17,\"addressPrefix\":\"10.0.0.0/8\","
                + "\"description\":\"\",\"priority\":100,\"ruleAction\":\"allow\"}").status()).isEqualTo(200);
        r = rules(g).get(0);
        assertThat(r.path("protocol").asInt()).isEqualTo(17);
        assertThat(r.path("fromPort").asInt()).isEqualTo(1);
        assertThat(r.path("toPort").asInt()).isEqualTo(65535);
        assertThat(r.path("addressPrefix").asText()).isEqualTo("10.0.0.0/8");
        assertThat(r.path("description").asText()).isEmpty();
        assertThat(r.path("direction").asInt()).as("the direction cannot change").isZero();
        assertThat(r.path("ruleId").asText()).isEqualTo(id);
    }

    @Test
    void modifyChecksEveryEntryAndTheMergedSet() {
        String g = group();
        List<String> ids = texts(assertSuccess(vpc.addRules(g, String.join(",", tcpPorts(80, 2)))).path("securityGroupRules"), "ruleId");
        String spec = "modifySecurityGroupRuleSpecs";
        assertInvalid(vpc.modifyRules(g, ""), spec);
        assertInvalid(vpc.modifyRules(g, "{\"fromPort\":1}"), spec + "[0].ruleId");
        assertInvalid(vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\"},{\"ruleId\":\"" + ids.get(0) + "\"}"), spec + "[1].ruleId");
        assertError(vpc.modifyRules(g, "{\"ruleId\":\"sgr-0000000000\",\"fromPort\":1}"), 404, "NOT_FOUND");
        assertInvalid(vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\",\"fromPort\":100}"), spec + "[0].fromPort");
        assertInvalid(vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\",\"ruleAction\":\"deny\"}"), spec + "[0].ruleAction");
        ApiResponse sameAsOther = vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\",\"fromPort\":81,\"toPort\":81}");
        assertInvalid(sameAsOther, spec + "[0]");
        // swapping two rules' ports in one call is fine: S7 applies to the merged set
        assertThat(vpc.modifyRules(g, "{\"ruleId\":\"" + ids.get(0) + "\",\"fromPort\":81,\"toPort\":81},{\"ruleId\":\""
                + ids.get(1) + "\",\"fromPort\":80,\"toPort\":80}").status()).isEqualTo(200);
        assertThat(texts(rules(g), "fromPort")).containsExactly("81", "80");
    }

    @Test
    void deleteIsRefusedWhileAContainerInterfaceUsesTheGroup() {
        String subnet = vpc.createSubnet(vpcId, "s", "10.30.1.0/24");
        String g = group();
        String unused = group();
        FakeContainers containers = new FakeContainers(runtime, vpc.nc());
        String c = containers.running(subnet, g, null);
        String port = containers.describe(c).path("primaryNetworkInterface").path("networkInterface").path("networkInterfaceId").asText();
        assertThat(texts(vpc.group(g).path("networkInterfaceIds"), null)).containsExactly(port);
        assertThat(vpc.group(unused).path("networkInterfaceIds")).isEmpty();

        ApiResponse refused = vpc.delete(GROUPS + g);
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).isEqualTo("security group " + g + " is used by 1 network interface; delete the containers first");
        assertThat(vpc.delete(GROUPS + unused).status()).isEqualTo(200);
        assertError(vpc.get(GROUPS + unused), 404, "NOT_FOUND");

        containers.deleteAndWait(c);
        assertThat(vpc.group(g).path("networkInterfaceIds")).isEmpty();
        assertThat(vpc.delete(GROUPS + g).status()).isEqualTo(200);
        assertError(vpc.get(GROUPS + g), 404, "NOT_FOUND");
    }

    @Test
    void quota_fiftyGroupsPerVpcByDefault() {
        VpcApi fresh = VpcApi.tenant(server, "\"vpc\":10");
        String v = fresh.createVpc("many", null);
        for (int i = 0; i < 50; i++) {
            fresh.createGroup(v, "g" + i);
        }
        ApiResponse refused = fresh.post(GROUPS, "{\"vpcId\":\"" + v + "\",\"networkSecurityGroupName\":\"g50\"}");
        assertError(refused, 429, "QUOTA_EXCEEDED");
        assertThat(refused.errorMessage()).isEqualTo("securityGroupPerVpc quota exceeded for vpc " + v + ": limit 50, used 50");
        fresh.createGroup(fresh.createVpc("other", null), "g");
    }

    private static List<String> tcpPorts(int first, int count) {
        List<String> out = new ArrayList<>();
        for (int port = first; port < first + count; port++) {
            out.add(rule("\"direction\":0,\"protocol\":6," + ANY + ",\"fromPort\":" + port + ",\"toPort\":" + port));
        }
        return out;
    }
}
