package nc.disk;

import static nc.disk.DiskCalls.assertInvalid;
import static nc.disk.DiskCalls.assertNotFound;
import static nc.disk.DiskCalls.assertQuotaExceeded;
import static nc.disk.DiskCalls.assertRefused;
import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.snapshotBody;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** createSnapshot, describeSnapshot, deleteSnapshot (docs/api/vpc-disk.md §3.2 Snapshot, §3.3, §3.4, §5). */
class SnapshotLifecycleTest {
    static final ScriptedProvisioner provisioner = new ScriptedProvisioner();
    static TestServer server;
    static DiskCalls disks;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, new FakeRuntime(), provisioner);
        disks = new DiskCalls(server.client());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void releaseHeldWork() {
        provisioner.release();
    }

    private static String deleteNeeds(String id, String status) {
        return "snapshot " + id + " is " + status + "; deleteSnapshot needs status available, error_create or error_delete";
    }

    @Test
    void aSnapshotIsCreatingThenAvailableWithEveryMemberOfTheSnapshotType() {
        String disk = disks.create(body("source", "premium-hdd", 120, 1)).get(0);
        disks.awaitStatus(disk, "available");
        provisioner.hold();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body = snapshotBody(disk, "nightly-快照");
        ((ObjectNode) body.get("snapshotSpec")).put("description", "before the upgrade");
        ApiResponse created = disks.snapshotRaw(body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.result().path("snapshotId").asText();
        assertThat(id).matches("snapshot-[a-z0-9]{10}");
        assertThat(disks.snapshotStatus(id)).isEqualTo("creating");

        provisioner.release();
        disks.awaitSnapshotStatus(id, "available");
        JsonNode snapshot = disks.describeSnapshot(id);
        assertThat(snapshot.path("snapshotId").asText()).isEqualTo(id);
        assertThat(snapshot.path("snapshotSource").asText()).isEqualTo("self");
        assertThat(snapshot.path("diskId").asText()).isEqualTo(disk);
        assertThat(snapshot.path("snapshotSizeGB").asInt()).isEqualTo(120);
        assertThat(snapshot.path("images").isArray()).isTrue();
        assertThat(snapshot.path("images")).isEmpty();
        assertThat(snapshot.path("name").asText()).isEqualTo("nightly-快照");
        assertThat(snapshot.path("description").asText()).isEqualTo("before the upgrade");
        assertThat(Instant.parse(snapshot.path("createTime").asText())).isBetween(before, Instant.now());
        assertThat(snapshot.path("encrypted").asBoolean(true)).isFalse();
    }

    @Test
    void aFailedSnapshotEndsInErrorCreateAndCanBeDeleted() {
        provisioner.failSnapshotsOf("unreadable");
        String id = disks.snapshot(disks.createAvailable("unreadable"), "broken");
        disks.awaitSnapshotStatus(id, "error_create");
        assertThat(disks.deleteSnapshot(id).status()).isEqualTo(200);
        disks.awaitSnapshotStatus(id, "gone");
    }

    @Test
    void theSourceDiskMustBeAvailableOrInUse() {
        provisioner.hold();
        String creating = disks.createOne("young");
        assertRefused(disks.snapshotRaw(snapshotBody(creating, "too-early")),
                "disk " + creating + " is creating; createSnapshot needs status available or in-use");
        provisioner.release();

        provisioner.failCreating("failed-disk");
        String failed = disks.createOne("failed-disk");
        disks.awaitStatus(failed, "error_create");
        assertRefused(disks.snapshotRaw(snapshotBody(failed, "of-nothing")),
                "disk " + failed + " is error_create; createSnapshot needs status available or in-use");
    }

    @Test
    void theSourceDiskMustExistInTheAccountAndRegion() {
        assertNotFound(disks.snapshotRaw(snapshotBody("vol-0000000000", "ghost")), "disk vol-0000000000 not found");
        String mine = disks.createAvailable("mine");
        DiskCalls stranger = new DiskCalls(server.newTenant());
        assertNotFound(stranger.snapshotRaw(snapshotBody(mine, "stolen")), "disk " + mine + " not found");
        ApiResponse east = disks.client().post("/v1/regions/cn-east-1/snapshots", snapshotBody(mine, "elsewhere").toString());
        assertNotFound(east, "disk " + mine + " not found");
    }

    @Test
    void theSpecIsChecked() {
        String disk = disks.createAvailable("checked");
        ObjectNode noSpec = snapshotBody(disk, "x");
        noSpec.remove("snapshotSpec");
        assertInvalid(disks.snapshotRaw(noSpec), "snapshotSpec");
        for (String bad : new String[] {"", "with space", "n".repeat(33), "a.b"}) {
            assertInvalid(disks.snapshotRaw(snapshotBody(disk, bad)), "snapshotSpec.name");
        }
        ObjectNode noName = snapshotBody(disk, "x");
        ((ObjectNode) noName.get("snapshotSpec")).remove("name");
        assertInvalid(disks.snapshotRaw(noName), "snapshotSpec.name");
        ObjectNode longDescription = snapshotBody(disk, "x");
        ((ObjectNode) longDescription.get("snapshotSpec")).put("description", "d".repeat(257));
        assertInvalid(disks.snapshotRaw(longDescription), "snapshotSpec.description");
        ObjectNode noDisk = snapshotBody(disk, "x");
        ((ObjectNode) noDisk.get("snapshotSpec")).remove("diskId");
        assertInvalid(disks.snapshotRaw(noDisk), "snapshotSpec.diskId");
        ObjectNode noToken = snapshotBody(disk, "x");
        noToken.remove("clientToken");
        assertInvalid(disks.snapshotRaw(noToken), "clientToken");
        // a bad body is refused before the disk is looked up
        assertInvalid(disks.snapshotRaw(snapshotBody("vol-0000000000", "")), "snapshotSpec.name");
    }

    @Test
    void theSameClientTokenReturnsTheSameSnapshot() {
        var created = server.admin().post("/admin/accounts", "{\"name\":\"snapshot-token\"}").result();
        DiskCalls tenant = new DiskCalls(server.client().withKeys(created.path("accessKey").asText(),
                created.path("secretKey").asText()));
        server.admin().patch("/admin/accounts/" + created.path("account").path("accountId").asText(), "{\"quotas\":{\"snapshot\":1}}");
        String disk = tenant.createAvailable("tokened");
        ObjectNode body = snapshotBody(disk, "once");
        String first = tenant.snapshotRaw(body).result().path("snapshotId").asText();
        ApiResponse again = tenant.snapshotRaw(body);
        assertThat(again.status()).as("a retry is not a second snapshot, so the quota of 1 is no obstacle: " + again).isEqualTo(200);
        assertThat(again.result().path("snapshotId").asText()).isEqualTo(first);
    }

    @Test
    void aSnapshotIsInUseWhileADiskIsCreatedFromIt() {
        String source = disks.createAvailable("origin");
        String snapshot = disks.availableSnapshot(source, "base");
        provisioner.hold();
        ObjectNode fromSnapshot = body("restored", "ssd", 20, 2);
        spec(fromSnapshot).put("snapshotId", snapshot);
        var restored = disks.create(fromSnapshot);
        assertThat(disks.snapshotStatus(snapshot)).isEqualTo("in-use");
        assertRefused(disks.deleteSnapshot(snapshot), deleteNeeds(snapshot, "in-use"));
        ObjectNode another = body("restored-again", "ssd", 20, 1);
        spec(another).put("snapshotId", snapshot);
        assertThat(disks.create(another)).hasSize(1);

        provisioner.release();
        restored.forEach(id -> disks.awaitStatus(id, "available"));
        disks.awaitSnapshotStatus(snapshot, "available");
        assertThat(disks.describe(restored.get(0)).path("snapshotId").asText()).isEqualTo(snapshot);
    }

    @Test
    void aSnapshotIsAvailableAgainWhenTheDiskMadeFromItFailed() {
        String snapshot = disks.availableSnapshot(disks.createAvailable("origin-2"), "base-2");
        provisioner.failCreating("restore-fails");
        ObjectNode fromSnapshot = body("restore-fails", "ssd", 20, 1);
        spec(fromSnapshot).put("snapshotId", snapshot);
        String disk = disks.create(fromSnapshot).get(0);
        disks.awaitStatus(disk, "error_create");
        assertThat(disks.snapshotStatus(snapshot)).isEqualTo("available");
    }

    @Test
    void deletingFollowsTheStatusTableAndLeavesDisksMadeFromIt() {
        String source = disks.createAvailable("origin-3");
        provisioner.hold();
        String creating = disks.snapshot(source, "in-progress");
        assertRefused(disks.deleteSnapshot(creating), deleteNeeds(creating, "creating"));
        provisioner.release();
        disks.awaitSnapshotStatus(creating, "available");

        ObjectNode fromSnapshot = body("child", "ssd", 20, 1);
        spec(fromSnapshot).put("snapshotId", creating);
        String child = disks.create(fromSnapshot).get(0);
        disks.awaitStatus(child, "available");

        provisioner.hold();
        ApiResponse deleted = disks.deleteSnapshot(creating);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().has("result")).isFalse();
        assertThat(disks.snapshotStatus(creating)).isEqualTo("deleting");
        assertRefused(disks.deleteSnapshot(creating), deleteNeeds(creating, "deleting"));
        ObjectNode fromDeleting = body("orphan", "ssd", 20, 1);
        spec(fromDeleting).put("snapshotId", creating);
        assertRefused(disks.createRaw(fromDeleting), "snapshot " + creating
                + " is deleting; creating a disk from it needs status available or in-use");
        provisioner.release();
        disks.awaitSnapshotStatus(creating, "gone");
        assertNotFound(disks.client().get(DiskCalls.SNAPSHOTS + "/" + creating), "snapshot " + creating + " not found");
        assertThat(disks.status(child)).isEqualTo("available");
        assertThat(disks.describe(child).path("snapshotId").asText()).isEqualTo(creating);
    }

    @Test
    void aFailedDeletionEndsInErrorDeleteAndMayBeRetried() {
        String snapshot = disks.availableSnapshot(disks.createAvailable("origin-4"), "sticky");
        provisioner.failDeletingSnapshot(snapshot);
        assertThat(disks.deleteSnapshot(snapshot).status()).isEqualTo(200);
        disks.awaitSnapshotStatus(snapshot, "error_delete");
        ObjectNode fromBroken = body("from-broken", "ssd", 20, 1);
        spec(fromBroken).put("snapshotId", snapshot);
        assertRefused(disks.createRaw(fromBroken), "snapshot " + snapshot
                + " is error_delete; creating a disk from it needs status available or in-use");
        provisioner.stopFailingSnapshotDeletion(snapshot);
        assertThat(disks.deleteSnapshot(snapshot).status()).isEqualTo(200);
        disks.awaitSnapshotStatus(snapshot, "gone");
    }

    @Test
    void unknownAndForeignSnapshotsAreNotFound() {
        assertNotFound(disks.client().get(DiskCalls.SNAPSHOTS + "/snapshot-0000000000"), "snapshot snapshot-0000000000 not found");
        assertNotFound(disks.deleteSnapshot("snapshot-0000000000"), "snapshot snapshot-0000000000 not found");
        String snapshot = disks.availableSnapshot(disks.createAvailable("private"), "private");
        DiskCalls stranger = new DiskCalls(server.newTenant());
        assertNotFound(stranger.client().get(DiskCalls.SNAPSHOTS + "/" + snapshot), "snapshot " + snapshot + " not found");
        assertNotFound(stranger.deleteSnapshot(snapshot), "snapshot " + snapshot + " not found");
        ObjectNode fromForeign = body("foreign", "ssd", 20, 1);
        spec(fromForeign).put("snapshotId", snapshot);
        assertNotFound(stranger.createRaw(fromForeign), "snapshot " + snapshot + " not found");
        assertThat(disks.client().service("nc").get(DiskCalls.SNAPSHOTS + "/" + snapshot).status()).isEqualTo(404);
    }

    @Test
    void theSnapshotQuotaIsFifteenPerRegionAndSetByTheOperator() {
        var created = server.admin().post("/admin/accounts", "{\"name\":\"snapshot-quota\"}").result();
        String account = created.path("account").path("accountId").asText();
        DiskCalls tenant = new DiskCalls(server.client().withKeys(created.path("accessKey").asText(),
                created.path("secretKey").asText()));
        assertThat(server.admin().get("/admin/accounts/" + account).result().path("account").path("quotas").path("snapshot").asInt())
                .isEqualTo(15);
        String disk = tenant.createAvailable("busy");
        for (int i = 0; i < 15; i++) {
            tenant.snapshot(disk, "s" + i);
        }
        assertQuotaExceeded(tenant.snapshotRaw(snapshotBody(disk, "s15")), "snapshot quota exceeded: limit 15, used 15");

        ApiResponse raised = server.admin().patch("/admin/accounts/" + account, "{\"quotas\":{\"snapshot\":16}}");
        assertThat(raised.result().path("account").path("quotas").path("snapshot").asInt()).isEqualTo(16);
        assertThat(tenant.snapshotRaw(snapshotBody(disk, "s15")).status()).isEqualTo(200);
        assertQuotaExceeded(tenant.snapshotRaw(snapshotBody(disk, "s16")), "snapshot quota exceeded: limit 16, used 16");
    }

    @Test
    void theSnapshotOutlivesItsDisk() {
        String disk = disks.createAvailable("mortal");
        String snapshot = disks.availableSnapshot(disk, "memory");
        assertThat(disks.delete(disk).status()).isEqualTo(200);
        disks.awaitStatus(disk, "gone");
        JsonNode kept = disks.describeSnapshot(snapshot);
        assertThat(kept.path("diskId").asText()).isEqualTo(disk);
        ObjectNode reborn = body("reborn", "ssd", 20, 1);
        spec(reborn).put("snapshotId", snapshot);
        String id = disks.create(reborn).get(0);
        disks.awaitStatus(id, "available");
    }
}
