package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.network.DefaultNetwork;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeContainers: every filter of docs/api/nc.md §5.2, paging, totalCount and order (on the fake runtime: fast). */
class DescribeContainersTest {
    static FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static SignedClient client;
    static DefaultNetwork network;
    static List<String> web = new ArrayList<>();
    static List<String> db = new ArrayList<>();
    static String otherSubnet;
    static String otherVpc;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime);
        client = server.client();
        network = server.server().createdDefaultNetwork();
        runtime.pull("127.0.0.1:1/app:1", java.util.Optional.empty());
        var admin = server.admin();
        String account = server.defaultKey().accountId();
        otherVpc = admin.post("/admin/accounts/" + account + "/vpcs", "{\"name\":\"b\",\"cidr\":\"192.168.0.0/16\"}")
                .result().path("vpc").path("vpcId").asText();
        otherSubnet = admin.post("/admin/accounts/" + account + "/subnets", "{\"vpcId\":\"" + otherVpc + "\",\"name\":\"b\","
                + "\"cidr\":\"192.168.1.0/24\"}").result().path("subnet").path("subnetId").asText();
        String otherGroup = admin.post("/admin/accounts/" + account + "/securityGroups", "{\"vpcId\":\"" + otherVpc + "\",\"name\":\"b\"}")
                .result().path("securityGroup").path("networkSecurityGroupId").asText();
        web.addAll(create(body("web-server", "cn-north-1a", network.subnetId(), network.securityGroupId(), 15)));
        db.addAll(create(body("DB", "cn-north-1b", otherSubnet, otherGroup, 5)));
        for (String id : union()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(status(id)));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> union() {
        List<String> all = new ArrayList<>(web);
        all.addAll(db);
        return all;
    }

    static String body(String name, String az, String subnet, String group, int count) {
        return "{\"maxCount\":" + count + ",\"containerSpec\":{\"instanceType\":\"g.s1.micro\",\"az\":\"" + az + "\",\"name\":\"" + name
                + "\",\"image\":\"127.0.0.1:1/app:1\",\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":{\"name\":\"r\","
                + "\"diskType\":\"ssd\",\"diskSizeGB\":10}},\"primaryNetworkInterface\":{\"networkInterface\":{\"subnetId\":\""
                + subnet + "\",\"securityGroups\":[\"" + group + "\"]}}}}";
    }

    static List<String> create(String body) {
        ApiResponse r = client.post(Containers.BASE, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.result().path("containerIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    static String status(String id) {
        return client.get(Containers.BASE + "/" + id).result().path("container").path("status").asText();
    }

    static JsonNode list(Map<String, String> query) {
        ApiResponse r = client.get(Containers.BASE, query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result();
    }

    static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.path("containers").forEach(c -> ids.add(c.path("containerId").asText()));
        return ids;
    }

    @Test
    void pagesOfTwentyByDefaultWithTheTrueTotal() {
        JsonNode first = list(Map.of());
        assertThat(first.path("totalCount").asInt()).isEqualTo(20);
        assertThat(first.path("containers")).hasSize(20);
        JsonNode second = list(Map.of("pageSize", "10", "pageNumber", "2"));
        assertThat(second.path("containers")).hasSize(10);
        JsonNode past = list(Map.of("pageSize", "10", "pageNumber", "9"));
        assertThat(past.path("containers")).isEmpty();
        assertThat(past.path("totalCount").asInt()).isEqualTo(20);
        assertThat(client.get(Containers.BASE, Map.of("pageSize", "5")).errorStatus()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void newestFirstThenByContainerId() {
        List<String> listed = ids(list(Map.of("pageSize", "100")));
        List<String> expectedDb = db.stream().sorted().toList();
        List<String> expectedWeb = web.stream().sorted().toList();
        assertThat(listed.subList(0, 5)).containsExactlyElementsOf(expectedDb);
        assertThat(listed.subList(5, 20)).containsExactlyElementsOf(expectedWeb);
    }

    @Test
    void everyFilterOfTheSpec() {
        assertThat(ids(list(Map.of("filters.1.name", "name", "filters.1.values.1", "SERVER"))))
                .containsExactlyInAnyOrderElementsOf(web);
        assertThat(ids(list(Map.of("filters.1.name", "az", "filters.1.values.1", "cn-north-1b")))).containsExactlyInAnyOrderElementsOf(db);
        assertThat(ids(list(Map.of("filters.1.name", "vpcId", "filters.1.values.1", otherVpc)))).containsExactlyInAnyOrderElementsOf(db);
        assertThat(ids(list(Map.of("filters.1.name", "subnetId", "filters.1.values.1", otherSubnet, "filters.1.values.2",
                network.subnetId(), "pageSize", "100")))).hasSize(20);
        assertThat(ids(list(Map.of("filters.1.name", "privateIpAddress", "filters.1.values.1", "192.168.1.")))).hasSize(5);
        assertThat(ids(list(Map.of("filters.1.name", "containerId", "filters.1.values.1", web.get(0))))).containsExactly(web.get(0));
        assertThat(ids(list(Map.of("filters.1.name", "status", "filters.1.values.1", "stopped")))).isEmpty();
        assertThat(list(Map.of("filters.1.name", "status", "filters.1.values.1", "running", "filters.1.values.2", "stopped",
                "filters.2.name", "az", "filters.2.values.1", "cn-north-1a")).path("totalCount").asInt()).isEqualTo(15);
        ApiResponse twoNames = client.get(Containers.BASE, Map.of("filters.1.name", "name", "filters.1.values.1", "a",
                "filters.1.values.2", "b"));
        assertThat(twoNames.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(twoNames.errorMessage()).startsWith("filters.1.values");
    }

    @Test
    void otherAccountsSeeNothingOfThem() {
        SignedClient other = server.newTenant();
        assertThat(other.get(Containers.BASE).result().path("totalCount").asInt()).isZero();
        assertThat(other.get(Containers.BASE + "/" + web.get(0)).status()).isEqualTo(404);
        assertThat(other.post(Containers.BASE + "/" + web.get(0) + ":stopContainer", "{}").status()).isEqualTo(404);
    }
}
