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

/**
 * The nativecontainer 2.3.0 revision (docs/api/nativecontainer.md §1–§5) as its clients see it, on the
 * fake runtime: both scopes, the instance-type catalogue, the 2.x members, and the refusals of
 * rebuild and resize (their effect in the engine: RebuildResizeOnEngineTest).
 */
class NativecontainerApiTest {
    private static final String TYPES = "/v1/regions/cn-north-1/instanceTypes";
    private static final String IMAGE = "127.0.0.1:1/app:1";
    static FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static SignedClient ncScope;
    static SignedClient nativecontainer;
    static DefaultNetwork network;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime);
        ncScope = server.client();
        nativecontainer = ncScope.service("nativecontainer");
        network = server.server().createdDefaultNetwork();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String body(String extraSpecMembers) {
        return "{\"containerSpec\":{\"instanceType\":\"g.s1.micro\",\"az\":\"cn-north-1a\",\"name\":\"nc2\","
                + "\"image\":\"" + IMAGE + "\",\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":{\"name\":\"r\","
                + "\"diskType\":\"ssd\",\"diskSizeGB\":10}},\"primaryNetworkInterface\":{\"networkInterface\":{\"subnetId\":\""
                + network.subnetId() + "\",\"securityGroups\":[\"" + network.securityGroupId() + "\"]}}"
                + (extraSpecMembers.isEmpty() ? "" : "," + extraSpecMembers) + "}}";
    }

    static String create(SignedClient client, String extraSpecMembers) {
        ApiResponse r = client.post(Containers.BASE, body(extraSpecMembers));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("containerIds").get(0).asText();
    }

    static JsonNode describe(String id) {
        ApiResponse r = ncScope.get(Containers.BASE + "/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("container");
    }

    static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(describe(id).path("status").asText()));
    }

    static String stoppedContainer(String extraSpecMembers) {
        String id = create(ncScope, extraSpecMembers);
        awaitStatus(id, "running");
        assertThat(ncScope.post(Containers.BASE + "/" + id + ":stopContainer", "{}").status()).isEqualTo(200);
        awaitStatus(id, "stopped");
        return id;
    }

    static void assertError(ApiResponse r, int code, String status, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(code);
        assertThat(r.errorStatus()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorMessage()).contains(messagePart);
    }

    static List<String> names(JsonNode types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.path("instanceType").asText()));
        return names;
    }

    @Test
    void bothScopesGetTheSameAnswersOnTheNewAndTheOldOperations() {
        String id = create(nativecontainer, "");
        awaitStatus(id, "running");
        for (String path : List.of(Containers.BASE + "/" + id, TYPES, "/v1/regions/cn-north-1/secrets")) {
            ApiResponse a = ncScope.get(path);
            ApiResponse b = nativecontainer.get(path);
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            assertThat(b.status()).as(b.toString()).isEqualTo(200);
            assertThat(b.result()).as(path).isEqualTo(a.result());
        }
    }

    @Test
    void theCatalogueHasTheSeventyThreeTypesInTableOrderWithTheirStates() {
        JsonNode all = nativecontainer.get(TYPES).result();
        List<String> names = names(all.path("instanceTypes"));
        assertThat(names.subList(0, 73)).startsWith("g.n3.medium", "g.n3.large").endsWith("m.n1.2xlarge", "m.n1.4xlarge")
                .contains("c.n3.22xlarge", "m.n2.18xlarge", "g.s1.micro").doesNotHaveDuplicates();
        assertThat(names.indexOf("g.n2.medium")).isLessThan(names.indexOf("g.s1.micro"));
        assertThat(all.path("totalCount").asInt()).isEqualTo(names.size());
        assertThat(all.path("specificInstanceTypes")).isEmpty();
        JsonNode big = all.path("instanceTypes").get(names.indexOf("c.n3.22xlarge"));
        assertThat(big.path("cpu").asInt()).isEqualTo(88);
        assertThat(big.path("memoryMB").asInt()).isEqualTo(176 * 1024);
        assertThat(big.path("desc").asText()).isEqualTo("Compute optimized, gen 3, 88 vCPU, 176 GiB");
        assertThat(big.path("state")).hasSize(3);

        // Gen 1 is offered in cn-north-1 only
        SignedClient east = ncScope.signingRegion("cn-east-1");
        JsonNode eastTypes = east.get("/v1/regions/cn-east-1/instanceTypes",
                Map.of("filters.1.name", "instanceTypes", "filters.1.values.1", "g.n1.medium", "filters.1.values.2", "g.n2.medium"))
                .result().path("instanceTypes");
        assertThat(eastTypes.get(0).path("state").get(0).path("online").asBoolean()).isTrue();
        assertThat(eastTypes.get(0).path("instanceType").asText()).isEqualTo("g.n2.medium");
        assertThat(eastTypes.get(1).path("state").findValuesAsText("online")).containsOnly("false");
        assertThat(all.path("instanceTypes").get(names.indexOf("g.n1.medium")).path("state").findValuesAsText("online"))
                .containsOnly("true");
    }

    @Test
    void theFiltersOfTheWorkedExampleGiveItsExactResult() throws Exception {
        ApiResponse r = nativecontainer.get(TYPES, Map.of("filters.1.name", "instanceTypes", "filters.1.values.1", "g.n2.medium",
                "filters.1.values.2", "c.n2.large", "filters.2.name", "az", "filters.2.values.1", "cn-north-1a"));
        JsonNode expected = nc.api.Json.mapper().readTree("""
                {
                  "instanceTypes": [
                    { "family": "g.n2", "instanceType": "g.n2.medium", "cpu": 1, "memoryMB": 4096, "nicLimit": 1,
                      "desc": "General purpose, gen 2, 1 vCPU, 4 GiB",
                      "state": [ { "az": "cn-north-1a", "inStock": true, "online": true } ],
                      "cloudDiskTypes": ["ssd", "premium-hdd"] },
                    { "family": "c.n2", "instanceType": "c.n2.large", "cpu": 2, "memoryMB": 4096, "nicLimit": 1,
                      "desc": "Compute optimized, gen 2, 2 vCPU, 4 GiB",
                      "state": [ { "az": "cn-north-1a", "inStock": true, "online": true } ],
                      "cloudDiskTypes": ["ssd", "premium-hdd"] }
                  ],
                  "specificInstanceTypes": [],
                  "totalCount": 2
                }""");
        assertThat(r.result()).isEqualTo(expected);

        assertThat(ncScope.get(TYPES, Map.of("filters.1.name", "az", "filters.1.values.1", "cn-north-9z")).result()
                .path("instanceTypes")).isEmpty();
        assertError(ncScope.get(TYPES, Map.of("filters.1.name", "colour", "filters.1.values.1", "red")), 400, "INVALID_ARGUMENT",
                "unsupported filter colour");
        assertError(ncScope.get(TYPES, Map.of("filters.1.name", "az")), 400, "INVALID_ARGUMENT", "at least one value");
    }

    @Test
    void anOperatorTypeIsListedAfterTheCatalogueAndAPutKeepsACatalogueTypeInPlace() {
        assertThat(server.admin().send("PUT", "/admin/instanceTypes/x.t.tiny", "{\"cpu\":1,\"memoryGb\":1}").status()).isEqualTo(200);
        assertThat(server.admin().send("PUT", "/admin/instanceTypes/g.n3.medium", "{\"cpu\":1,\"memoryGb\":4}").status())
                .isEqualTo(200);
        List<String> names = names(ncScope.get(TYPES).result().path("instanceTypes"));
        assertThat(names.get(0)).isEqualTo("g.n3.medium");
        assertThat(names.get(names.size() - 1)).isEqualTo("x.t.tiny");
        JsonNode tiny = ncScope.get(TYPES, Map.of("filters.1.name", "instanceTypes", "filters.1.values.1", "x.t.tiny"))
                .result().path("instanceTypes").get(0);
        assertThat(tiny.path("family").asText()).isEqualTo("x.t");
        assertThat(tiny.path("memoryMB").asInt()).isEqualTo(1024);
    }

    @Test
    void secretsCarryBothTypeAndSecretType() {
        String name = "reg-" + System.nanoTime();
        ApiResponse created = nativecontainer.post("/v1/regions/cn-north-1/secrets", "{\"name\":\"" + name + "\","
                + "\"secretType\":\"docker-registry\",\"data\":{\"server\":\"MTI3LjAuMC4xOjE=\",\"username\":\"dQ==\","
                + "\"password\":\"cA==\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode secret = nativecontainer.get("/v1/regions/cn-north-1/secrets/" + name).result().path("secret");
        assertThat(secret.path("type").asText()).isEqualTo("docker-registry");
        assertThat(secret.path("secretType").asText()).isEqualTo("docker-registry");
    }

    @Test
    void userTagsComeBackAsTagsAndTheTagsFilterSelectsByKeyAndValue() {
        String prod = create(nativecontainer, "\"userTags\":[{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"team\",\"value\":\"a\"}]");
        String test = create(nativecontainer, "\"userTags\":[{\"key\":\"env\",\"value\":\"test\"}]");
        String untagged = create(ncScope, "");

        assertThat(describe(prod).path("tags").toString()).isEqualTo("[{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"team\",\"value\":\"a\"}]");
        assertThat(describe(untagged).path("tags")).isEmpty();
        assertThat(describe(untagged).has("tags")).isTrue();

        assertThat(listed(Map.of("tags.1.key", "env", "tags.1.values.1", "prod"))).contains(prod).doesNotContain(test, untagged);
        assertThat(listed(Map.of("tags.1.key", "env", "tags.1.values.1", "prod", "tags.1.values.2", "test")))
                .contains(prod, test).doesNotContain(untagged);
        assertThat(listed(Map.of("tags.1.key", "env"))).contains(prod, test).doesNotContain(untagged);
        assertThat(listed(Map.of("tags.1.key", "env", "tags.2.key", "team"))).containsExactly(prod);
        assertThat(listed(Map.of("tags.1.key", "env", "tags.1.values.1", "staging"))).isEmpty();
        assertThat(listed(Map.of("tags.1.key", "Env"))).isEmpty();
        assertThat(listed(Map.of("filters.1.name", "agId", "filters.1.values.1", "ag-1"))).isEmpty();
        assertError(ncScope.get(Containers.BASE, Map.of("tags.1.values.1", "prod")), 400, "INVALID_ARGUMENT", "tags.1.key");
    }

    static List<String> listed(Map<String, ?> filters) {
        Map<String, Object> query = new java.util.HashMap<>(filters);
        query.put("pageSize", "100");
        ApiResponse r = nativecontainer.get(Containers.BASE, query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.result().path("containers").forEach(c -> ids.add(c.path("containerId").asText()));
        assertThat(r.result().path("totalCount").asInt()).isEqualTo(ids.size());
        return ids;
    }

    @Test
    void theOther2xMembersAreHandledAsSection5Says() {
        long before = listed(Map.of()).size();
        assertError(nativecontainer.post(Containers.BASE, body("\"imageCacheId\":\"ic-1\"")), 404, "NOT_FOUND",
                "image cache ic-1 not found");
        assertError(nativecontainer.post(Containers.BASE, body("\"resourceGroupId\":\"rg-1\"")), 400, "INVALID_ARGUMENT",
                "containerSpec.resourceGroupId");
        assertThat(listed(Map.of())).hasSize((int) before);

        String id = create(nativecontainer, "\"autoMatchImageCache\":true,\"autoCreateImageCache\":true,\"resourceGroupId\":\"\"");
        JsonNode c = describe(id);
        assertThat(c.path("primaryNetworkInterface").path("networkInterface").path("subnetId").asText())
                .isEqualTo(network.subnetId());

        String zero = nativecontainer.post(Containers.BASE, body("").replace("\"primaryNetworkInterface\":{",
                "\"primaryNetworkInterface\":{\"deviceIndex\":0,")).result().path("containerIds").get(0).asText();
        assertThat(describe(zero).path("primaryNetworkInterface").path("deviceIndex").asInt()).isEqualTo(1);
    }

    @Test
    void aTypeNotOfferedInTheAzIsRefused() {
        SignedClient east = ncScope.signingRegion("cn-east-1");
        ApiResponse r = east.post("/v1/regions/cn-east-1/containers", body("").replace("g.s1.micro", "g.n1.medium")
                .replace("cn-north-1a", "cn-east-1a"));
        assertError(r, 400, "INVALID_ARGUMENT", "instance type g.n1.medium is not offered in cn-east-1a");
    }

    @Test
    void resizeChangesTheTypeOfAStoppedContainerAndRefusesWhatSection36Refuses() {
        String running = create(ncScope, "");
        awaitStatus(running, "running");
        String path = Containers.BASE + "/" + running + ":resize";
        assertError(nativecontainer.post(path, "{\"instanceType\":\"g.n2.large\"}"), 400, "FAILED_PRECONDITION",
                "container " + running + " is running; resize needs status stopped");
        assertError(nativecontainer.post(path, "{\"instanceType\":\"g.s1.micro\"}"), 400, "INVALID_ARGUMENT",
                "instanceType g.s1.micro is the current type");
        assertError(nativecontainer.post(path, "{}"), 400, "INVALID_ARGUMENT", "instanceType");
        assertError(nativecontainer.post(path, "{\"instanceType\":3}"), 400, "INVALID_ARGUMENT", "instanceType");
        assertError(nativecontainer.post(path, "{\"instanceType\":\"g.n9.huge\"}"), 400, "INVALID_ARGUMENT",
                "unknown instance type g.n9.huge");
        assertError(nativecontainer.post(Containers.BASE + "/c-nothere00:resize", "{\"instanceType\":\"g.n2.large\"}"), 404,
                "NOT_FOUND", "c-nothere00");

        String stopped = stoppedContainer("");
        ApiResponse ok = nativecontainer.post(Containers.BASE + "/" + stopped + ":resize",
                "{\"instanceType\":\"g.n2.large\",\"regionId\":\"cn-north-1\",\"containerId\":\"" + stopped + "\",\"cookies\":[]}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().has("result")).isFalse();
        assertThat(describe(stopped).path("instanceType").asText()).isEqualTo("g.n2.large");
        assertThat(describe(stopped).path("status").asText()).isEqualTo("stopped");

        server.admin().patch("/admin/containers/" + stopped, "{\"chargeStatus\":\"arrear\"}");
        assertError(nativecontainer.post(Containers.BASE + "/" + stopped + ":resize", "{\"instanceType\":\"g.n2.medium\"}"),
                400, "FAILED_PRECONDITION", "resize needs normal");
    }

    @Test
    void rebuildRefusesWhatSection35RefusesAndAcceptsJdcsTextBooleans() {
        String running = create(ncScope, "");
        awaitStatus(running, "running");
        String path = Containers.BASE + "/" + running + ":rebuild";
        assertError(nativecontainer.post(path, "{\"image\":\"" + IMAGE + "\"}"), 400, "FAILED_PRECONDITION",
                "container " + running + " is running; rebuild needs status stopped");

        String stopped = stoppedContainer("\"command\":[\"/old\"],\"envs\":[{\"name\":\"OLD\",\"value\":\"1\"}]");
        String rebuild = Containers.BASE + "/" + stopped + ":rebuild";
        assertError(nativecontainer.post(rebuild, "{}"), 400, "INVALID_ARGUMENT", "required");
        assertThat(nativecontainer.post(rebuild, "{}").json().path("error").path("message").asText()).startsWith("image");
        assertError(nativecontainer.post(rebuild, "{\"image\":\"Bad Image\"}"), 400, "INVALID_ARGUMENT", "image");
        assertError(nativecontainer.post(rebuild, "{\"image\":\"" + IMAGE + "\",\"tty\":\"yes\"}"), 400, "INVALID_ARGUMENT", "tty");
        assertError(nativecontainer.post(rebuild, "{\"image\":\"" + IMAGE + "\",\"workingDir\":\"srv\"}"), 400, "INVALID_ARGUMENT",
                "workingDir");
        assertError(nativecontainer.post(rebuild, "{\"image\":\"" + IMAGE + "\",\"command\":[\"" + "x".repeat(257) + "\"]}"), 400,
                "INVALID_ARGUMENT", "command");
        assertError(nativecontainer.post(rebuild, "{\"image\":\"" + IMAGE + "\",\"secret\":\"no-such-secret\"}"), 404, "NOT_FOUND",
                "no-such-secret");
        assertThat(describe(stopped).path("status").asText()).isEqualTo("stopped");

        ApiResponse ok = ncScope.post(rebuild, "{\"image\":\"127.0.0.1:1/app:2\",\"tty\":\"TRUE\",\"args\":[\"a\"],"
                + "\"regionId\":\"cn-north-1\",\"containerId\":\"" + stopped + "\",\"input_json\":null}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "127.0.0.1:1/app:2".equals(describe(stopped).path("image").asText()));
        JsonNode c = describe(stopped);
        assertThat(c.path("status").asText()).isEqualTo("stopped");
        assertThat(c.path("tty").asBoolean()).isTrue();
        assertThat(c.path("args").toString()).isEqualTo("[\"a\"]");
        // absent members take their defaults, not the old values
        assertThat(c.path("command")).isEmpty();
        assertThat(c.path("envs")).isEmpty();
        assertThat(c.path("workingDir").asText()).isEqualTo("/");
    }

    @Test
    void aRebuildWhosePullFailsLeavesTheContainerStoppedWithItsOldImageAndAReason() {
        String stopped = stoppedContainer("");
        runtime.failPull("127.0.0.1:1/app:broken", "manifest for 127.0.0.1:1/app:broken not found");
        ApiResponse ok = nativecontainer.post(Containers.BASE + "/" + stopped + ":rebuild", "{\"image\":\"127.0.0.1:1/app:broken\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(stopped).path("reason").asText().startsWith("rebuild failed"));
        JsonNode c = describe(stopped);
        assertThat(c.path("status").asText()).isEqualTo("stopped");
        assertThat(c.path("image").asText()).isEqualTo(IMAGE);
        assertThat(c.path("reason").asText()).contains("manifest for 127.0.0.1:1/app:broken not found");
    }
}
