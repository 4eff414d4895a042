package nc.disk;

import static nc.disk.DiskCalls.assertInvalid;
import static nc.disk.DiskCalls.assertNotFound;
import static nc.disk.DiskCalls.assertQuotaExceeded;
import static nc.disk.DiskCalls.assertRefused;
import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nc.network.DefaultNetwork;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The disk API and containers on one set of disks (docs/api/vpc-disk.md §6, docs/api/nc.md rules 21-24):
 * container disks are listed and described with their attachment, available disks are attached
 * with cloudDiskId, deleting a container detaches or deletes them (on the fake runtime: fast).
 */
class DiskContainerInterplayTest {
    static final String IMAGE = "127.0.0.1:1/app:1";
    static final FakeRuntime runtime = new FakeRuntime();
    static final ScriptedProvisioner provisioner = new ScriptedProvisioner();
    static TestServer server;
    static SignedClient nc;
    static DiskCalls disks;
    static DefaultNetwork network;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime, provisioner);
        runtime.pull(IMAGE, Optional.empty());
        nc = server.client();
        disks = new DiskCalls(nc);
        network = server.server().createdDefaultNetwork();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void releaseHeldWork() {
        provisioner.release();
    }

    /** A createContainers body on the default network; volume members are raw JSON. */
    static String container(String name, String dataVolumes) {
        return DiskCalls.containerBody(network, IMAGE, name, dataVolumes);
    }

    static String newDataDisk(String name, int sizeGb, String extra) {
        return "{\"category\":\"cloud\",\"mountPath\":\"/" + name + "\",\"cloudDiskSpec\":{\"name\":\"" + name
                + "\",\"diskType\":\"premium-hdd\",\"diskSizeGB\":" + sizeGb + extra + "}}";
    }

    static String existingDataDisk(String diskId, String path, String extra) {
        return "{\"category\":\"cloud\",\"mountPath\":\"" + path + "\",\"cloudDiskId\":\"" + diskId + "\",\"fsType\":\"xfs\"" + extra + "}";
    }

    static String createRunning(String body) {
        ApiResponse r = nc.post(Containers.BASE, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.result().path("containerIds").get(0).asText();
        awaitContainer(id, "running");
        return id;
    }

    static void awaitContainer(String id, String status) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ApiResponse r = nc.get(Containers.BASE + "/" + id);
            assertThat(r.status() == 404 ? "gone" : r.result().path("container").path("status").asText()).isEqualTo(status);
        });
    }

    static void deleteContainer(String id) {
        ApiResponse r = nc.delete(Containers.BASE + "/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        awaitContainer(id, "gone");
    }

    static List<JsonNode> disksOf(String containerId) {
        ApiResponse r = disks.client().get(DiskCalls.DISKS, Map.of("filters.1.name", "instanceId", "filters.1.values.1", containerId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.result().path("disks").forEach(out::add);
        return out;
    }

    static JsonNode byName(List<JsonNode> list, String name) {
        return list.stream().filter(d -> d.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void disksMadeByCreateContainersAreListedAndDescribedWithTheirAttachment() {
        Instant before = Instant.now().minusSeconds(1);
        String c = createRunning(container("app", newDataDisk("logs", 50, "")));
        List<JsonNode> attached = disksOf(c);
        assertThat(attached).hasSize(2);
        JsonNode logs = byName(attached, "logs");
        assertThat(logs.path("status").asText()).isEqualTo("in-use");
        assertThat(logs.path("diskType").asText()).isEqualTo("premium-hdd");
        assertThat(logs.path("diskSizeGB").asInt()).isEqualTo(50);
        assertThat(logs.path("az").asText()).isEqualTo("cn-north-1a");
        assertThat(logs.path("charge").path("chargeMode").asText()).isEqualTo("postpaid_by_duration");
        assertThat(logs.path("attachments")).hasSize(1);
        JsonNode attachment = logs.path("attachments").get(0);
        assertThat(attachment.path("attachmentId").asText()).matches("att-[a-z0-9]{10}");
        assertThat(attachment.path("diskId").asText()).isEqualTo(logs.path("diskId").asText());
        assertThat(attachment.path("instanceType").asText()).isEqualTo("nc");
        assertThat(attachment.path("instanceId").asText()).isEqualTo(c);
        assertThat(attachment.path("status").asText()).isEqualTo("attached");
        assertThat(Instant.parse(attachment.path("attachTime").asText())).isAfter(before);
        assertThat(byName(attached, "root").path("diskSizeGB").asInt()).isEqualTo(10);
        assertThat(disks.describe(logs.path("diskId").asText())).isEqualTo(logs);

        JsonNode inContainer = nc.get(Containers.BASE + "/" + c).result().path("container").path("dataVolumes").get(0).path("cloudDisk");
        assertThat(inContainer.path("diskId").asText()).isEqualTo(logs.path("diskId").asText());
        ApiResponse byType = disks.client().get(DiskCalls.DISKS, Map.of("filters.1.name", "instanceType", "filters.1.values.1", "nc",
                "pageSize", "100"));
        assertThat(byType.result().path("disks").findValuesAsText("diskId")).contains(logs.path("diskId").asText());

        assertRefused(disks.delete(logs.path("diskId").asText()), "disk " + logs.path("diskId").asText()
                + " is in-use; deleteDisk needs status available, error_create or error_delete");
        deleteContainer(c);
        assertThat(disks.status(logs.path("diskId").asText())).isEqualTo("gone");
        assertThat(disks.status(byName(attached, "root").path("diskId").asText())).isEqualTo("gone");
    }

    @Test
    void aDiskInUseCanBeSnapshotted() {
        String c = createRunning(container("snapped", newDataDisk("db", 20, "")));
        String db = byName(disksOf(c), "db").path("diskId").asText();
        String snapshot = disks.availableSnapshot(db, "hot-copy");
        assertThat(disks.describeSnapshot(snapshot).path("snapshotSizeGB").asInt()).isEqualTo(20);
        assertThat(disks.status(db)).isEqualTo("in-use");
        deleteContainer(c);
    }

    @Test
    void anAvailableDiskIsAttachedAtCreateAndComesBackWhenTheContainerIsDeleted() {
        ObjectNode tagged = body("keeper", "ssd", 30, 1);
        tagged.putArray("userTags").addObject().put("key", "keep").put("value", "yes");
        String disk = disks.create(tagged).get(0);
        disks.awaitStatus(disk, "available");

        String c = createRunning(container("uses-keeper", existingDataDisk(disk, "/keep", ",\"autoDelete\":false")));
        JsonNode inUse = disks.describe(disk);
        assertThat(inUse.path("status").asText()).isEqualTo("in-use");
        assertThat(inUse.path("attachments")).hasSize(1);
        assertThat(inUse.path("attachments").get(0).path("instanceId").asText()).isEqualTo(c);
        JsonNode volume = nc.get(Containers.BASE + "/" + c).result().path("container").path("dataVolumes").get(0);
        assertThat(volume.path("cloudDisk").path("diskId").asText()).isEqualTo(disk);
        assertThat(volume.path("autoDelete").asBoolean(true)).isFalse();
        assertThat(volume.path("mountPath").asText()).isEqualTo("/keep");
        String root = byName(disksOf(c), "root").path("diskId").asText();

        deleteContainer(c);
        JsonNode back = disks.describe(disk);
        assertThat(back.path("status").asText()).isEqualTo("available");
        assertThat(back.path("attachments")).isEmpty();
        assertThat(back.path("tags").get(0).path("key").asText()).isEqualTo("keep");
        assertThat(disks.status(root)).isEqualTo("gone");

        // available again: another container can take it, and with autoDelete (the default) it goes with that one
        String next = createRunning(container("takes-keeper", existingDataDisk(disk, "/again", "")));
        assertThat(disks.describe(disk).path("attachments").get(0).path("instanceId").asText()).isEqualTo(next);
        deleteContainer(next);
        assertThat(disks.status(disk)).isEqualTo("gone");
    }

    @Test
    void onlyAvailableDisksOfTheContainersZoneCanBeAttached() {
        assertNotFound(nc.post(Containers.BASE, container("x", existingDataDisk("vol-0000000000", "/d", ""))),
                "disk vol-0000000000 not found");

        provisioner.hold();
        String creating = disks.createOne("unready");
        assertRefused(nc.post(Containers.BASE, container("x", existingDataDisk(creating, "/d", ""))),
                "disk " + creating + " is creating; it must be available");
        provisioner.release();
        disks.awaitStatus(creating, "available");

        ObjectNode zoneB = body("elsewhere", "ssd", 20, 1);
        spec(zoneB).put("az", "cn-north-1b");
        String other = disks.create(zoneB).get(0);
        disks.awaitStatus(other, "available");
        assertInvalid(nc.post(Containers.BASE, container("x", existingDataDisk(other, "/d", ""))), "containerSpec.az");

        String taken = disks.createAvailable("taken");
        String c = createRunning(container("holder", existingDataDisk(taken, "/d", ",\"autoDelete\":false")));
        assertRefused(nc.post(Containers.BASE, container("x", existingDataDisk(taken, "/d", ""))),
                "disk " + taken + " is in-use; it must be available");
        deleteContainer(c);
        assertThat(disks.status(taken)).isEqualTo("available");
        assertThat(disks.status(creating)).isEqualTo("available");
    }

    @Test
    void aContainerDiskMayBeMadeFromASnapshot() {
        String snapshot = disks.availableSnapshot(disks.createAvailable("golden"), "golden-image");
        assertNotFound(nc.post(Containers.BASE, container("x", newDataDisk("restored", 20, ",\"snapshotId\":\"snapshot-0000000000\""))),
                "snapshot snapshot-0000000000 not found");
        String big = disks.create(body("big", "ssd", 60, 1)).get(0);
        disks.awaitStatus(big, "available");
        String bigSnapshot = disks.availableSnapshot(big, "big");
        assertInvalid(nc.post(Containers.BASE, container("x", newDataDisk("restored", 50, ",\"snapshotId\":\"" + bigSnapshot + "\""))),
                "containerSpec.dataVolumes[0].cloudDiskSpec.diskSizeGB");
        String golden2 = disks.createAvailable("golden-2");
        provisioner.hold();
        String creating = disks.snapshot(golden2, "not-yet");
        assertRefused(nc.post(Containers.BASE, container("x", newDataDisk("restored", 20, ",\"snapshotId\":\"" + creating + "\""))),
                "snapshot " + creating + " is creating; creating a disk from it needs status available or in-use");
        provisioner.release();

        String c = createRunning(container("restored", newDataDisk("restored", 20, ",\"snapshotId\":\"" + snapshot + "\"")));
        JsonNode restored = byName(disksOf(c), "restored");
        assertThat(restored.path("snapshotId").asText()).isEqualTo(snapshot);
        assertThat(restored.path("status").asText()).isEqualTo("in-use");
        deleteContainer(c);
    }

    @Test
    void containerDisksCountTowardsTheDiskQuotaWithoutBeingRefusedByIt() {
        String account = server.defaultKey().accountId();
        long used = disks.client().get(DiskCalls.DISKS).result().path("totalCount").asLong();
        try {
            server.admin().patch("/admin/accounts/" + account, "{\"quotas\":{\"disk\":" + (used + 1) + "}}");
            String c = createRunning(container("quota", newDataDisk("over", 20, "")));
            assertQuotaExceeded(disks.createRaw(body("refused", "ssd", 20, 1)),
                    "disk quota exceeded: limit " + (used + 1) + ", used " + (used + 2));
            deleteContainer(c);
            assertThat(disks.create(body("fits-again", "ssd", 20, 1))).hasSize(1);
        } finally {
            server.admin().patch("/admin/accounts/" + account, "{\"quotas\":{\"disk\":100}}");
        }
    }
}
