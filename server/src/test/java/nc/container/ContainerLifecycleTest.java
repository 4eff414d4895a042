package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import nc.account.AccountChanges;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.Test;

/** The state machine of docs/api/nc.md §6 and the create rules of §5.1 against the real engine. */
class ContainerLifecycleTest extends OnEngine {

    private static void assertRefused(ApiResponse response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(response.errorMessage()).isEqualTo(message);
    }

    /** The disk's storage exists: its file where disks are loop devices, else its engine volume. */
    private static boolean diskStored(String diskId) {
        return server.server().diskVolumes() instanceof nc.runtime.host.LoopDisks loop
                ? java.nio.file.Files.exists(loop.image(diskId)) : Engine.exists("volume", "nc-" + diskId);
    }

    private static long quotaUsed() {
        return containers.client().get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "container"))
                .result().path("quota").path("used").asLong();
    }

    @Test
    void stopStartAndDeleteFollowTheStateMachineAndLeaveNothingBehind() {
        long usedBefore = quotaUsed();
        String id = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\","
                + "\"cloudDiskSpec\":{\"name\":\"data\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep");
        JsonNode running = containers.awaitRunning(id);
        String diskId = running.path("dataVolumes").get(0).path("cloudDisk").path("diskId").asText();
        assertThat(diskStored(diskId)).isTrue();
        assertThat(quotaUsed()).isEqualTo(usedBefore + 1);

        assertRefused(containers.action(id, "startContainer"), "container " + id + " is running; startContainer needs status stopped");
        assertThat(containers.action(id, "stopContainer").status()).isEqualTo(200);
        containers.awaitStatus(id, "stopped", Duration.ofSeconds(30));
        assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + id).strip()).isEqualTo("false");
        assertRefused(containers.action(id, "stopContainer"), "container " + id + " is stopped; stopContainer needs status running");

        assertThat(containers.action(id, "startContainer").status()).isEqualTo(200);
        containers.awaitRunning(id);
        assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + id).strip()).isEqualTo("true");

        ApiResponse deleted = containers.delete(id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().has("result")).isFalse();
        containers.awaitStatus(id, "gone", Duration.ofSeconds(30));
        assertThat(containers.client().get(Containers.BASE + "/" + id).errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(Engine.exists("container", "nc-" + id)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !diskStored(diskId));
        assertThat(quotaUsed()).isEqualTo(usedBefore);
    }

    @Test
    void modifyChangesOnlyNameAndDescription() {
        String id = containers.createOne(null, "sleep");
        ApiResponse none = containers.client().patch(Containers.BASE + "/" + id + ":modifyContainerAttribute", "{}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        ApiResponse badName = containers.client().patch(Containers.BASE + "/" + id + ":modifyContainerAttribute",
                "{\"name\":\"has space\"}");
        assertThat(badName.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(badName.errorMessage()).startsWith("name");
        ApiResponse ok = containers.client().patch(Containers.BASE + "/" + id + ":modifyContainerAttribute",
                "{\"name\":\"renamed-容器\",\"description\":\"new words\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        JsonNode c = containers.describe(id);
        assertThat(c.path("name").asText()).isEqualTo("renamed-容器");
        assertThat(c.path("description").asText()).isEqualTo("new words");
        containers.client().patch(Containers.BASE + "/" + id + ":modifyContainerAttribute", "{\"description\":\"\"}");
        assertThat(containers.describe(id).path("description").asText()).isEmpty();
        assertThat(containers.describe(id).path("name").asText()).isEqualTo("renamed-容器");
    }

    @Test
    void getLogsHonoursTailLinesSinceSecondsAndLimitBytes() {
        String id = containers.createOne(null, "interval-ms=100", "stderr");
        containers.awaitRunning(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> containers.logs(id, Map.of("tailLines", "4096")).contains("tick 20"));
        String all = containers.logs(id, Map.of());
        // stdout and stderr are copied separately by the engine: lines written together may swap
        assertThat(all).startsWith("started\n").contains("tick 1\n", "tock 1\n");
        assertThat(all.getBytes().length).isLessThanOrEqualTo(4096);
        String tail = containers.logs(id, Map.of("tailLines", "3"));
        assertThat(tail.split("\n")).hasSize(3);
        assertThat(containers.logs(id, Map.of("limitBytes", "10"))).hasSize(10).startsWith("started\nt");
        String recent = containers.logs(id, Map.of("sinceSeconds", "1", "tailLines", "4096"));
        assertThat(recent).doesNotContain("started\n");
        ApiResponse bad = containers.client().get(Containers.BASE + "/" + id + ":getLogs", Map.of("limitBytes", "5000"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).startsWith("limitBytes");
    }

    @Test
    void aMainProcessThatExitsIsRestartedAndTheReasonRecordsTheExit() {
        String id = containers.createOne(null, "exit-after=0", "exit-code=3", "interval-ms=200");
        containers.awaitRunning(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode c = containers.describe(id);
            assertThat(c.path("status").asText()).isEqualTo("running");
            assertThat(c.path("reason").asText()).isEqualTo("exited with code 3");
        });
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.parseInt(Engine.docker("inspect", "--format", "{{.RestartCount}}", "nc-" + id).strip()) >= 1);
    }

    @Test
    void maxCountCreatesSeveralWithDistinctAddressesAndClientTokenIsIdempotent() {
        String body = containers.body(3, null, "sleep").replace("\"name\":\"it-app\"", "\"name\":\"batch\"").replace("\"maxCount\":3,", "\"maxCount\":3,\"clientToken\":\"batch-token-1\",");
        List<String> ids = containers.create(body);
        assertThat(ids).hasSize(3);
        assertThat(containers.create(body)).isEqualTo(ids);
        HashSet<String> ips = new HashSet<>();
        for (String id : ids) {
            JsonNode c = containers.awaitRunning(id);
            assertThat(c.path("name").asText()).isEqualTo("batch");
            ips.add(c.path("privateIpAddress").asText());
        }
        assertThat(ips).hasSize(3);
        ApiResponse listed = containers.client().get(Containers.BASE, Map.of("filters.1.name", "name", "filters.1.values.1", "BAT",
                "filters.2.name", "status", "filters.2.values.1", "running", "pageSize", "10"));
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(3);
        ApiResponse byId = containers.client().get(Containers.BASE, Map.of("filters.1.name", "containerId",
                "filters.1.values.1", ids.get(0), "filters.1.values.2", ids.get(2)));
        assertThat(byId.result().path("totalCount").asInt()).isEqualTo(2);
        ApiResponse badFilter = containers.client().get(Containers.BASE, Map.of("filters.1.name", "image", "filters.1.values.1", "x"));
        assertThat(badFilter.errorStatus()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void quotaIsAllOrNothingAndAFixedAddressMustBeFree() {
        var other = server.newTenant();
        // the new tenant has no network: a missing subnet is a 404 before anything is reserved
        ApiResponse noSubnet = other.post(Containers.BASE, containers.body(1, null));
        assertThat(noSubnet.status()).isEqualTo(404);
        assertThat(noSubnet.errorMessage()).isEqualTo("subnet " + containers.network().subnetId() + " not found");

        long used = quotaUsed();
        server.server().accounts().change(server.defaultKey().accountId(), new AccountChanges(null, null, null, (int) used + 2, null));
        ApiResponse tooMany = containers.client().post(Containers.BASE, containers.body(3, null, "sleep"));
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.errorStatus()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(quotaUsed()).isEqualTo(used);
        server.server().accounts().change(server.defaultKey().accountId(), new AccountChanges(null, null, null, 100, null));

        String fixed = containers.create(containers.bodyWithAddress("10.240.0.200", "sleep")).get(0);
        assertThat(containers.awaitRunning(fixed).path("privateIpAddress").asText()).isEqualTo("10.240.0.200");
        ApiResponse taken = containers.client().post(Containers.BASE, containers.bodyWithAddress("10.240.0.200"));
        assertThat(taken.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        ApiResponse reserved = containers.client().post(Containers.BASE, containers.bodyWithAddress("10.240.0.1"));
        assertThat(reserved.errorStatus()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void anAccountWithoutRealNameVerificationCannotCreate() {
        String account = server.defaultKey().accountId();
        server.server().accounts().change(account, new AccountChanges(null, false, null, null, null));
        try {
            ApiResponse refused = containers.client().post(Containers.BASE, containers.body(1, null));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorStatus()).isEqualTo("PERMISSION_DENIED");
        } finally {
            server.server().accounts().change(account, new AccountChanges(null, true, null, null, null));
        }
    }

    @Test
    void billingDecidesWhetherDeleteAndStartAreAllowed() {
        String prepaid = containers.createOne("\"charge\":{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":\"month\","
                + "\"chargeDuration\":1}", "sleep");
        JsonNode c = containers.awaitRunning(prepaid);
        assertThat(c.path("charge").path("chargeExpiredTime").asText()).isNotEmpty();
        ApiResponse early = containers.delete(prepaid);
        assertThat(early.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(early.errorMessage()).contains("prepaid_by_duration");

        var admin = server.admin();
        assertThat(admin.patch("/admin/containers/" + prepaid, "{\"chargeStatus\":\"overdue\"}").status()).isEqualTo(200);
        assertThat(containers.action(prepaid, "stopContainer").status()).isEqualTo(200);
        containers.awaitStatus(prepaid, "stopped", Duration.ofSeconds(30));
        ApiResponse start = containers.action(prepaid, "startContainer");
        assertThat(start.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(start.errorMessage()).contains("overdue");
        assertThat(containers.delete(prepaid).status()).isEqualTo(200);
        containers.awaitStatus(prepaid, "gone", Duration.ofSeconds(30));

        String arrear = containers.createOne(null, "sleep");
        containers.awaitRunning(arrear);
        admin.patch("/admin/containers/" + arrear, "{\"chargeStatus\":\"arrear\"}");
        assertThat(containers.delete(arrear).errorStatus()).isEqualTo("FAILED_PRECONDITION");
        admin.patch("/admin/containers/" + arrear, "{\"chargeStatus\":\"normal\"}");
    }
}
