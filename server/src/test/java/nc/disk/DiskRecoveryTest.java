package nc.disk;

import static org.assertj.core.api.Assertions.assertThat;

import nc.runtime.FakeRuntime;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Disks and snapshots in a transitional status when the server stops finish after it starts again (H2 and PostgreSQL). */
class DiskRecoveryTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void unfinishedCreationsAndDeletionsResumeAfterARestart(TestDatabase database) {
        ScriptedProvisioner provisioner = new ScriptedProvisioner();
        try (TestServer server = TestServer.start(database, c -> c, new FakeRuntime(), provisioner)) {
            DiskCalls disks = new DiskCalls(server.client());
            String doomed = disks.createAvailable("doomed");
            String source = disks.createAvailable("source");
            String oldSnapshot = disks.availableSnapshot(source, "old");

            provisioner.hold();
            String young = disks.createOne("young");
            assertThat(disks.delete(doomed).status()).isEqualTo(200);
            String newSnapshot = disks.snapshot(source, "new");
            assertThat(disks.deleteSnapshot(oldSnapshot).status()).isEqualTo(200);

            server.restart();
            disks = new DiskCalls(server.client());
            assertThat(disks.status(young)).isEqualTo("creating");
            assertThat(disks.status(doomed)).isEqualTo("deleting");
            assertThat(disks.snapshotStatus(newSnapshot)).isEqualTo("creating");
            assertThat(disks.snapshotStatus(oldSnapshot)).isEqualTo("deleting");

            provisioner.release();
            disks.awaitStatus(young, "available");
            disks.awaitStatus(doomed, "gone");
            disks.awaitSnapshotStatus(newSnapshot, "available");
            disks.awaitSnapshotStatus(oldSnapshot, "gone");
            assertThat(disks.describe(source).path("status").asText()).isEqualTo("available");
        }
    }
}
