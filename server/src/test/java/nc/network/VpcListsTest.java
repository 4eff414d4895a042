package nc.network;

import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static nc.network.VpcApi.texts;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeVpcs, describeSubnets, describeNetworkSecurityGroups: paging with the last-page rule (§1.7), order and every filter. */
class VpcListsTest {
    static TestServer server;
    static VpcApi vpc;
    static List<String> vpcs = new ArrayList<>();
    static List<String> subnetsOfFirst = new ArrayList<>();
    static List<String> groupsOfFirst = new ArrayList<>();
    static String otherSubnet;
    static String otherGroup;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        vpc = VpcApi.tenant(server, "\"vpc\":30");
        for (int i = 0; i < 25; i++) {
            vpcs.add(vpc.createVpc(i % 2 == 0 ? "even" : "odd-" + i, null));
        }
        for (int i = 0; i < 3; i++) {
            subnetsOfFirst.add(vpc.createSubnet(vpcs.get(0), "web", "10.50." + i + ".0/24"));
            groupsOfFirst.add(vpc.createGroup(vpcs.get(0), "web"));
        }
        otherSubnet = vpc.createSubnet(vpcs.get(1), "db", "10.51.0.0/24");
        otherGroup = vpc.createGroup(vpcs.get(1), "db");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode list(String path, Map<String, String> query) {
        return assertSuccess(vpc.get(path, query));
    }

    @Test
    void twentyPerPageByDefaultNewestFirstAndPastTheLastPageTheLastPage() {
        JsonNode first = list(VPCS, Map.of());
        assertThat(first.path("totalCount").asInt()).isEqualTo(25);
        assertThat(first.path("vpcs")).hasSize(20);
        List<String> all = texts(list(VPCS, Map.of("pageSize", "100")).path("vpcs"), "vpcId");
        assertThat(all).hasSize(25);
        assertThat(all).containsExactlyInAnyOrderElementsOf(vpcs);
        assertThat(texts(list(VPCS, Map.of("pageSize", "100")).path("vpcs"), "createdTime")).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(texts(list(VPCS, Map.of("pageSize", "10", "pageNumber", "2")).path("vpcs"), "vpcId")).isEqualTo(all.subList(10, 20));

        JsonNode past = list(VPCS, Map.of("pageSize", "10", "pageNumber", "9"));
        assertThat(past.path("totalCount").asInt()).isEqualTo(25);
        assertThat(texts(past.path("vpcs"), "vpcId")).isEqualTo(all.subList(20, 25));
        assertInvalid(vpc.get(VPCS, Map.of("pageSize", "9")), "pageSize");
        assertInvalid(vpc.get(VPCS, Map.of("pageSize", "101")), "pageSize");
        assertInvalid(vpc.get(VPCS, Map.of("pageNumber", "0")), "pageNumber");
    }

    @Test
    void emptyListsAreEmptyWhateverThePage() {
        VpcApi nobody = new VpcApi(server.newTenant());
        JsonNode none = assertSuccess(nobody.get(VPCS, Map.of("pageNumber", "3")));
        assertThat(none.path("vpcs").isArray()).isTrue();
        assertThat(none.path("vpcs")).isEmpty();
        assertThat(none.path("totalCount").asInt()).isZero();
    }

    @Test
    void describeVpcsFilters() {
        assertThat(texts(list(VPCS, Map.of("filters.1.name", "vpcIds", "filters.1.values.1", vpcs.get(3), "filters.1.values.2",
                vpcs.get(4))).path("vpcs"), "vpcId")).containsExactlyInAnyOrder(vpcs.get(3), vpcs.get(4));
        assertThat(list(VPCS, Map.of("filters.1.name", "vpcNames", "filters.1.values.1", "even")).path("totalCount").asInt()).isEqualTo(13);
        assertThat(list(VPCS, Map.of("filters.1.name", "vpcNames", "filters.1.values.1", "eve")).path("totalCount").asInt())
                .as("names match exactly").isZero();
        assertThat(list(VPCS, Map.of("filters.1.name", "vpcNames", "filters.1.values.1", "even", "filters.2.name", "vpcIds",
                "filters.2.values.1", vpcs.get(0), "filters.2.values.2", vpcs.get(1))).path("totalCount").asInt()).isEqualTo(1);
        assertThat(list(VPCS, Map.of("filters.1.name", "azType", "filters.1.values.1", "standard")).path("totalCount").asInt()).isEqualTo(25);
        assertThat(list(VPCS, Map.of("filters.1.name", "azType", "filters.1.values.1", "all")).path("totalCount").asInt()).isEqualTo(25);
        assertThat(list(VPCS, Map.of("filters.1.name", "azType", "filters.1.values.1", "edge")).path("totalCount").asInt()).isZero();
        assertThat(list(VPCS, Map.of("tags.1.key", "env", "tags.1.values.1", "prod")).path("totalCount").asInt())
                .as("VPCs carry no tags").isZero();

        assertInvalid(vpc.get(VPCS, Map.of("filters.1.name", "azs", "filters.1.values.1", "cn-north-1a")), "filters.1.name");
        assertInvalid(vpc.get(VPCS, Map.of("filters.1.name", "azType", "filters.1.values.1", "standard", "filters.1.values.2", "edge")),
                "filters.1.values");
        assertInvalid(vpc.get(VPCS, Map.of("filters.1.name", "azType", "filters.1.values.1", "remote")), "filters.azType");
        assertInvalid(vpc.get(VPCS, Map.of("filters.1.name", "vpcIds")), "filters.1.values");
        assertInvalid(vpc.get(VPCS, Map.of("filters.1.name", "vpcIds", "filters.1.operator", "like", "filters.1.values.1", "x")),
                "filters.1.operator");
        assertInvalid(vpc.get(VPCS, Map.of("resourceGroupIds.1", "rg-1")), "resourceGroupIds.1");
        assertThat(list(VPCS, Map.of("resourceGroupIds.1", "")).path("totalCount").asInt()).isEqualTo(25);
    }

    @Test
    void describeSubnetsFilters() {
        String rtb = vpc.vpc(vpcs.get(0)).path("routeTableIds").get(0).asText();
        assertThat(list(SUBNETS, Map.of()).path("totalCount").asInt()).isEqualTo(4);
        assertThat(texts(list(SUBNETS, Map.of("filters.1.name", "vpcId", "filters.1.values.1", vpcs.get(0))).path("subnets"), "subnetId"))
                .containsExactlyInAnyOrderElementsOf(subnetsOfFirst);
        assertThat(texts(list(SUBNETS, Map.of("filters.1.name", "subnetIds", "filters.1.values.1", otherSubnet)).path("subnets"),
                "subnetId")).containsExactly(otherSubnet);
        assertThat(list(SUBNETS, Map.of("filters.1.name", "subnetNames", "filters.1.values.1", "web", "filters.1.values.2", "db"))
                .path("totalCount").asInt()).isEqualTo(4);
        assertThat(list(SUBNETS, Map.of("filters.1.name", "routeTableId", "filters.1.values.1", rtb)).path("totalCount").asInt())
                .isEqualTo(3);
        assertThat(list(SUBNETS, Map.of("filters.1.name", "aclId", "filters.1.values.1", "acl-0000000000")).path("totalCount").asInt())
                .isZero();
        assertThat(list(SUBNETS, Map.of("filters.1.name", "subnetType", "filters.1.values.1", "standard")).path("totalCount").asInt())
                .isEqualTo(4);
        assertThat(list(SUBNETS, Map.of("filters.1.name", "subnetType", "filters.1.values.1", "edge")).path("totalCount").asInt()).isZero();
        assertThat(list(SUBNETS, Map.of("filters.1.name", "azType", "filters.1.values.1", "all")).path("totalCount").asInt()).isEqualTo(4);
        assertInvalid(vpc.get(SUBNETS, Map.of("filters.1.name", "azs", "filters.1.values.1", "cn-north-1a")), "filters.1.name");
        assertInvalid(vpc.get(SUBNETS, Map.of("filters.1.name", "vpcId", "filters.1.values.1", "a", "filters.1.values.2", "b")),
                "filters.1.values");
        JsonNode lastPage = list(SUBNETS, Map.of("pageSize", "10", "pageNumber", "2"));
        assertThat(lastPage.path("subnets")).hasSize(4);
        List<String> created = texts(list(SUBNETS, Map.of()).path("subnets"), "createdTime");
        assertThat(created).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void describeNetworkSecurityGroupsFilters() {
        assertThat(list(GROUPS, Map.of()).path("totalCount").asInt()).isEqualTo(4);
        assertThat(texts(list(GROUPS, Map.of("filters.1.name", "vpcId", "filters.1.values.1", vpcs.get(1))).path("networkSecurityGroups"),
                "networkSecurityGroupId")).containsExactly(otherGroup);
        assertThat(texts(list(GROUPS, Map.of("filters.1.name", "networkSecurityGroupIds", "filters.1.values.1", groupsOfFirst.get(0),
                "filters.1.values.2", otherGroup)).path("networkSecurityGroups"), "networkSecurityGroupId"))
                .containsExactlyInAnyOrder(groupsOfFirst.get(0), otherGroup);
        assertThat(list(GROUPS, Map.of("filters.1.name", "networkSecurityGroupNames", "filters.1.values.1", "web")).path("totalCount")
                .asInt()).isEqualTo(3);
        assertInvalid(vpc.get(GROUPS, Map.of("filters.1.name", "name", "filters.1.values.1", "web")), "filters.1.name");
        assertThat(list(GROUPS, Map.of("pageNumber", "5")).path("networkSecurityGroups")).hasSize(4);
    }

    @Test
    void listsAreConfinedToTheAccountAndRegion() {
        assertThat(assertSuccess(vpc.get("/v1/regions/cn-east-1/vpcs/")).path("totalCount").asInt()).isZero();
        assertThat(assertSuccess(new VpcApi(server.newTenant()).get(SUBNETS)).path("totalCount").asInt()).isZero();
    }
}
