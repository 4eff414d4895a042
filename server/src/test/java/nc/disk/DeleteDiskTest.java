package nc.disk;

import static nc.disk.DiskCalls.assertInvalid;
import static nc.disk.DiskCalls.assertNotFound;
import static nc.disk.DiskCalls.assertRefused;
import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deleteDisk (docs/api/vpc-disk.md §3.3 operation × status, §3.4 rules, §4 billing). */
class DeleteDiskTest {
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

    private static String needs(String id, String status) {
        return "disk " + id + " is " + status + "; deleteDisk needs status available, error_create or error_delete";
    }

    @Test
    void anAvailableDiskGoesDeletingThenAwayWhileItsSnapshotsStay() {
        String id = disks.createAvailable("short-lived");
        String snapshot = disks.availableSnapshot(id, "keep-me");
        provisioner.hold();
        ApiResponse deleted = disks.delete(id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().has("result")).isFalse();
        assertThat(disks.status(id)).isEqualTo("deleting");
        assertRefused(disks.delete(id), needs(id, "deleting"));
        assertRefused(disks.snapshotRaw(DiskCalls.snapshotBody(id, "late")),
                "disk " + id + " is deleting; createSnapshot needs status available or in-use");

        provisioner.release();
        disks.awaitStatus(id, "gone");
        assertNotFound(disks.client().get(DiskCalls.DISKS + "/" + id), "disk " + id + " not found");
        assertThat(provisioner.destroyed()).contains(id);
        assertThat(disks.describeSnapshot(snapshot).path("diskId").asText()).isEqualTo(id);
        assertThat(disks.describeSnapshot(snapshot).path("status").asText()).isEqualTo("available");
    }

    @Test
    void aCreatingDiskCannotBeDeleted() {
        provisioner.hold();
        String id = disks.createOne("not-yet");
        assertRefused(disks.delete(id), needs(id, "creating"));
        provisioner.release();
        disks.awaitStatus(id, "available");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void aDiskThatFailedToProvisionCanBeDeleted() {
        provisioner.failCreating("never-made");
        String id = disks.createOne("never-made");
        disks.awaitStatus(id, "error_create");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void aFailedDeletionEndsInErrorDeleteAndMayBeRetried() {
        String id = disks.createAvailable("stubborn");
        provisioner.failDestroying("stubborn");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "error_delete");
        assertRefused(disks.snapshotRaw(DiskCalls.snapshotBody(id, "too-late")),
                "disk " + id + " is error_delete; createSnapshot needs status available or in-use");

        provisioner.stopFailingDestroy("stubborn");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void aDiskWithASnapshotBeingTakenIsKept() {
        String id = disks.createAvailable("being-copied");
        provisioner.hold();
        String snapshot = disks.snapshot(id, "copy");
        assertRefused(disks.delete(id), "disk " + id + " has a snapshot being created; deleteDisk can follow once it is available");
        provisioner.release();
        disks.awaitSnapshotStatus(snapshot, "available");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void thereIsNoRecycleBin() {
        String id = disks.createAvailable("recycled");
        for (String yes : new String[] {"true", "True", "TRUE"}) {
            assertInvalid(disks.client().send("DELETE", DiskCalls.DISKS + "/" + id, Map.of("putInRecycleBin", yes), null),
                    "putInRecycleBin");
        }
        assertInvalid(disks.client().send("DELETE", DiskCalls.DISKS + "/" + id, Map.of("putInRecycleBin", "yes"), null),
                "putInRecycleBin");
        assertThat(disks.status(id)).isEqualTo("available");
        // checked before the disk is looked up
        assertInvalid(disks.client().send("DELETE", DiskCalls.DISKS + "/vol-0000000000", Map.of("putInRecycleBin", "true"), null),
                "putInRecycleBin");

        ApiResponse pythonFalse = disks.client().send("DELETE", DiskCalls.DISKS + "/" + id, Map.of("putInRecycleBin", "False"), null);
        assertThat(pythonFalse.status()).as(pythonFalse.toString()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
        String other = disks.createAvailable("recycled");
        assertThat(disks.client().send("DELETE", DiskCalls.DISKS + "/" + other, Map.of("putInRecycleBin", "false"), null).status())
                .isEqualTo(200);
    }

    @Test
    void unknownDisksAreNotFound() {
        assertNotFound(disks.delete("vol-0000000000"), "disk vol-0000000000 not found");
        assertNotFound(disks.delete("garbage"), "disk garbage not found");
    }

    @Test
    void prepaidDisksAreDeletedOnlyOnceExpired() {
        ObjectNode body = body("monthly", "ssd", 20, 1);
        spec(body).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeDuration", 1);
        String id = disks.create(body).get(0);
        disks.awaitStatus(id, "available");
        assertRefused(disks.delete(id), "disk " + id + " is prepaid_by_duration and has not expired;"
                + " only pay-by-configuration disks and expired prepaid ones can be deleted");

        ApiResponse expired = server.admin().patch("/admin/disks/" + id,
                "{\"chargeStatus\":\"overdue\",\"chargeExpiredTime\":\"2020-01-31T00:00:00Z\"}");
        assertThat(expired.status()).as(expired.toString()).isEqualTo(200);
        assertThat(expired.result().path("charge").path("chargeStatus").asText()).isEqualTo("overdue");
        assertThat(disks.describe(id).path("charge").path("chargeStatus").asText()).isEqualTo("overdue");
        assertThat(disks.describe(id).path("charge").path("chargeExpiredTime").asText()).isEqualTo("2020-01-31T00:00:00Z");
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void postpaidDisksInArrearsMayStillBeDeleted() {
        String id = disks.createAvailable("owing");
        assertThat(server.admin().patch("/admin/disks/" + id, "{\"chargeStatus\":\"arrear\"}").status()).isEqualTo(200);
        assertThat(disks.delete(id).status()).isEqualTo(200);
        disks.awaitStatus(id, "gone");
    }

    @Test
    void theOperatorsChargeLeverChecksItsInput() {
        String id = disks.createAvailable("levered");
        assertThat(server.admin().patch("/admin/disks/" + id, "{\"chargeStatus\":\"broke\"}").errorStatus())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(server.admin().patch("/admin/disks/" + id, "{\"chargeExpiredTime\":\"tomorrow\"}").errorMessage())
                .startsWith("chargeExpiredTime");
        assertThat(server.admin().patch("/admin/disks/vol-0000000000", "{\"chargeStatus\":\"arrear\"}").status()).isEqualTo(404);
        assertThat(server.admin().withToken("wrong").patch("/admin/disks/" + id, "{\"chargeStatus\":\"arrear\"}").status())
                .isEqualTo(401);
        assertThat(disks.describe(id).path("charge").path("chargeStatus").asText()).isEqualTo("normal");
    }

    @Test
    void deletedDisksNoLongerCountTowardsTheQuota() {
        var created = server.admin().post("/admin/accounts", "{\"name\":\"delete-quota\"}").result();
        DiskCalls tenant = new DiskCalls(server.client().withKeys(created.path("accessKey").asText(),
                created.path("secretKey").asText()));
        server.admin().patch("/admin/accounts/" + created.path("account").path("accountId").asText(), "{\"quotas\":{\"disk\":1}}");
        String id = tenant.createAvailable("only-one");
        assertThat(tenant.createRaw(body("second", "ssd", 20, 1)).status()).isEqualTo(429);
        assertThat(tenant.delete(id).status()).isEqualTo(200);
        tenant.awaitStatus(id, "gone");
        assertThat(tenant.create(body("second", "ssd", 20, 1))).hasSize(1);
    }
}
