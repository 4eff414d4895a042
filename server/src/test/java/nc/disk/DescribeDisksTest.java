package nc.disk;

import static nc.disk.DiskCalls.assertInvalid;
import static nc.disk.DiskCalls.assertNotFound;
import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.SteppingClock;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeDisks and describeDisk (docs/api/vpc-disk.md §1.7, §3.4): filters, tags, orders, paging, ownership and scope. */
class DescribeDisksTest {
    static final SteppingClock CLOCK = new SteppingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final ScriptedProvisioner provisioner = new ScriptedProvisioner();
    static TestServer server;
    static DiskCalls disks;
    static String webData;
    static String webLogs;
    static String dbMain;
    static List<String> bulk;
    static String broken;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c.withClock(CLOCK), new FakeRuntime(), provisioner);
        disks = new DiskCalls(server.newTenant());
        provisioner.failCreating("broken");
        webData = create("web-data", "ssd", 20, "cn-north-1a", 1, Map.of("env", "prod", "team", "web")).get(0);
        webLogs = create("web-logs", "premium-hdd", 100, "cn-north-1b", 1, Map.of("env", "dev")).get(0);
        dbMain = create("DB-main", "ssd", 40, "cn-north-1a", 1, Map.of("env", "prod", "team", "db")).get(0);
        bulk = create("bulk", "premium-hdd", 20, "cn-north-1c", 12, Map.of()).stream().sorted().toList();
        broken = create("broken", "ssd", 20, "cn-north-1b", 1, Map.of()).get(0);
        List.of(webData, webLogs, dbMain, bulk.get(11)).forEach(id -> disks.awaitStatus(id, "available"));
        disks.awaitStatus(broken, "error_create");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> create(String name, String type, int size, String az, int count, Map<String, String> tags) {
        CLOCK.advance(Duration.ofSeconds(1));
        ObjectNode body = body(name, type, size, count);
        spec(body).put("az", az);
        var userTags = body.putArray("userTags");
        new java.util.TreeMap<>(tags).forEach((k, v) -> userTags.addObject().put("key", k).put("value", v));
        return disks.create(body);
    }

    private static JsonNode list(Map<String, String> query) {
        ApiResponse r = disks.client().get(DiskCalls.DISKS, query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result();
    }

    private static List<String> ids(Map<String, String> query) {
        List<String> ids = new ArrayList<>();
        list(query).path("disks").forEach(d -> ids.add(d.path("diskId").asText()));
        return ids;
    }

    private static Map<String, String> filter(String name, String... values) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("filters.1.name", name);
        for (int i = 0; i < values.length; i++) {
            q.put("filters.1.values." + (i + 1), values[i]);
        }
        q.put("pageSize", "100");
        return q;
    }

    // ---- paging and order --------------------------------------------------------------------------

    @Test
    void pagesOfTwentyByDefaultAndPastTheEndAnEmptyPageWithTheTrueTotal() {
        JsonNode all = list(Map.of());
        assertThat(all.path("totalCount").asInt()).isEqualTo(16);
        assertThat(all.path("disks")).hasSize(16);
        assertThat(list(Map.of("pageSize", "10", "pageNumber", "2")).path("disks")).hasSize(6);
        JsonNode past = list(Map.of("pageSize", "10", "pageNumber", "3"));
        assertThat(past.path("disks").isArray()).isTrue();
        assertThat(past.path("disks")).isEmpty();
        assertThat(past.path("totalCount").asInt()).isEqualTo(16);
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("pageSize", "9")), "pageSize");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("pageSize", "101")), "pageSize");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("pageNumber", "0")), "pageNumber");
    }

    @Test
    void newestFirstThenByDiskIdUnlessOrderedByCreateTimeAscending() {
        List<String> newestFirst = new ArrayList<>();
        newestFirst.add(broken);
        newestFirst.addAll(bulk);
        newestFirst.addAll(List.of(dbMain, webLogs, webData));
        assertThat(ids(Map.of("pageSize", "100"))).containsExactlyElementsOf(newestFirst);
        assertThat(ids(Map.of("pageSize", "100", "orders.1.name", "create_time", "orders.1.direction", "1")))
                .containsExactlyElementsOf(newestFirst);
        assertThat(ids(Map.of("pageSize", "100", "orders.1.name", "create_time"))).containsExactlyElementsOf(newestFirst);

        List<String> oldestFirst = new ArrayList<>(List.of(webData, webLogs, dbMain));
        oldestFirst.addAll(bulk);
        oldestFirst.add(broken);
        assertThat(ids(Map.of("pageSize", "100", "orders.1.name", "create_time", "orders.1.direction", "0")))
                .containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void ordersTakeOneEntryByCreateTimeWithDirectionZeroOrOne() {
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("orders.1.name", "create_time", "orders.2.name", "create_time")),
                "orders");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("orders.1.name", "trash_time")), "orders.1.name");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("orders.1.name", "name")), "orders.1.name");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("orders.1.direction", "0")), "orders.1.name");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("orders.1.name", "create_time", "orders.1.direction", "2")),
                "orders.1.direction");
    }

    // ---- filters --------------------------------------------------------------------------------------

    @Test
    void exactFiltersTakeSeveralValues() {
        assertThat(ids(filter("diskId", webData, dbMain, "vol-0000000000"))).containsExactly(dbMain, webData);
        assertThat(ids(filter("diskType", "ssd"))).containsExactly(broken, dbMain, webData);
        assertThat(ids(filter("az", "cn-north-1a", "cn-north-1b"))).containsExactly(broken, dbMain, webLogs, webData);
        assertThat(ids(filter("status", "error_create"))).containsExactly(broken);
        assertThat(list(filter("status", "available", "in-use")).path("totalCount").asInt()).isEqualTo(15);
        assertThat(ids(filter("status", "creating"))).isEmpty();
    }

    @Test
    void nameIsACaseInsensitiveSubstringOfOneValue() {
        assertThat(ids(filter("name", "WEB"))).containsExactly(webLogs, webData);
        assertThat(ids(filter("name", "db-"))).containsExactly(dbMain);
        assertThat(ids(filter("name", "bulk-1"))).hasSize(4);
        assertThat(ids(filter("name", "_"))).isEmpty();
        assertInvalid(disks.client().get(DiskCalls.DISKS, filter("name", "web", "db")), "filters.1.values");
    }

    @Test
    void attachmentFiltersMatchOnlyDisksInUseByContainers() {
        assertThat(ids(filter("instanceType", "nc"))).isEmpty();
        assertThat(ids(filter("instanceType", "vm"))).isEmpty();
        assertThat(ids(filter("instanceId", "c-0000000000"))).isEmpty();
    }

    @Test
    void noDiskIsSharedOrEncrypted() {
        assertThat(list(filter("multiAttach", "false")).path("totalCount").asInt()).isEqualTo(16);
        assertThat(list(filter("encrypted", "False")).path("totalCount").asInt()).isEqualTo(16);
        assertThat(ids(filter("multiAttach", "true"))).isEmpty();
        assertThat(ids(filter("encrypted", "TRUE"))).isEmpty();
        ApiResponse notBoolean = disks.client().get(DiskCalls.DISKS, filter("encrypted", "maybe"));
        assertInvalid(notBoolean, "filters");
        assertThat(notBoolean.errorMessage()).contains("encrypted");
        assertInvalid(disks.client().get(DiskCalls.DISKS, filter("multiAttach", "true", "false")), "filters.1.values");
    }

    @Test
    void unknownAndPolicyFiltersAndEmptyValuesAreRejected() {
        for (String name : new String[] {"policyId", "notPolicyId", "diskName", "instanceid"}) {
            assertInvalid(disks.client().get(DiskCalls.DISKS, filter(name, "x")), "filters.1.name");
        }
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("filters.1.name", "status")), "filters.1.values");
    }

    @Test
    void filtersAreAndedAndAnUnindexedValueIsOneValue() {
        Map<String, String> q = new LinkedHashMap<>(filter("az", "cn-north-1a", "cn-north-1b"));
        q.put("filters.2.name", "diskType");
        q.put("filters.2.values", "premium-hdd");
        assertThat(ids(q)).containsExactly(webLogs);
    }

    // ---- tags -------------------------------------------------------------------------------------------

    @Test
    void tagFiltersMatchAKeyWithOneOfItsValuesAndAreAnded() {
        assertThat(ids(Map.of("tags.1.key", "env", "tags.1.values.1", "prod"))).containsExactly(dbMain, webData);
        assertThat(ids(Map.of("tags.1.key", "env", "tags.1.values.1", "prod", "tags.1.values.2", "dev")))
                .containsExactly(dbMain, webLogs, webData);
        assertThat(ids(Map.of("tags.1.key", "env", "tags.1.values.1", "prod", "tags.2.key", "team", "tags.2.values.1", "web")))
                .containsExactly(webData);
        assertThat(ids(Map.of("tags.1.key", "team", "tags.1.values.1", "ops"))).isEmpty();
        assertThat(ids(Map.of("tags.1.key", "ENV", "tags.1.values.1", "prod"))).isEmpty();
    }

    @Test
    void tagFiltersNeedAKeyAndValues() {
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("tags.1.values.1", "prod")), "tags.1.key");
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("tags.1.key", "env")), "tags.1.values");
    }

    @Test
    void theJavaSdkQueryOfTheSpecExample() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("orders.1.name", "create_time");
        q.put("orders.1.direction", "0");
        q.put("tags.1.key", "env");
        q.put("tags.1.values.1", "prod");
        q.put("filters.1.name", "status");
        q.put("filters.1.values.1", "available");
        q.put("filters.1.values.2", "in-use");
        assertThat(ids(q)).containsExactly(webData, dbMain);
    }

    @Test
    void resourceGroupsAreNotSupported() {
        assertInvalid(disks.client().get(DiskCalls.DISKS, Map.of("resourceGroupIds.1", "rg-1")), "resourceGroupIds.1");
        assertThat(list(Map.of("resourceGroupIds.1", "")).path("totalCount").asInt()).isEqualTo(16);
    }

    // ---- describeDisk, ownership, scope -----------------------------------------------------------------

    @Test
    void describeDiskShowsTheSameDiskAsTheList() {
        JsonNode listed = list(filter("diskId", webData)).path("disks").get(0);
        assertThat(disks.describe(webData)).isEqualTo(listed);
        assertThat(listed.path("tags").get(0).path("key").asText()).isEqualTo("env");
        assertThat(listed.path("tags").get(1).path("value").asText()).isEqualTo("web");
    }

    @Test
    void unknownMalformedForeignAndOtherRegionDisksAreNotFound() {
        assertNotFound(disks.client().get(DiskCalls.DISKS + "/vol-0000000000"), "disk vol-0000000000 not found");
        assertNotFound(disks.client().get(DiskCalls.DISKS + "/not-a-disk"), "disk not-a-disk not found");
        assertNotFound(disks.client().get("/v1/regions/cn-east-1/disks/" + webData), "disk " + webData + " not found");
        DiskCalls stranger = new DiskCalls(server.newTenant());
        assertNotFound(stranger.client().get(DiskCalls.DISKS + "/" + webData), "disk " + webData + " not found");
        assertNotFound(stranger.delete(webData), "disk " + webData + " not found");
        assertThat(stranger.client().get(DiskCalls.DISKS).result().path("totalCount").asInt()).isZero();
        assertThat(disks.client().get("/v1/regions/cn-east-1/disks").result().path("totalCount").asInt()).isZero();
    }

    @Test
    void diskOperationsAnswerOnlyTheDiskScopeAndTolerateATrailingSlash() {
        ApiResponse asNc = disks.client().service("nc").get(DiskCalls.DISKS);
        assertThat(asNc.status()).as(asNc.toString()).isEqualTo(404);
        assertThat(asNc.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(disks.client().service("vpc").get(DiskCalls.DISKS + "/" + webData).status()).isEqualTo(404);
        assertThat(disks.client().get("/v1/regions/cn-north-1/containers").status()).isEqualTo(404);
        assertThat(disks.client().get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "disk")).status()).isEqualTo(404);

        ApiResponse slash = disks.client().get(DiskCalls.DISKS + "/", Map.of("pageSize", "10"));
        assertThat(slash.status()).as(slash.toString()).isEqualTo(200);
        assertThat(slash.result().path("totalCount").asInt()).isEqualTo(16);
        assertThat(disks.client().get(DiskCalls.DISKS + "/" + webData + "/").status()).isEqualTo(200);
    }
}
