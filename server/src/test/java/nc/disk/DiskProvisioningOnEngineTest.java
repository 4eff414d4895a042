package nc.disk;

import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nc.runtime.host.HostDisks;
import nc.runtime.host.LoopDisks;
import nc.testing.Engine;
import nc.testing.OnEngine;
import nc.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The disk API on loop disks (docs/api/vpc-disk.md §3.3-§3.4): createDisks makes the disk's file before
 * the disk is available, createSnapshot copies what a running container wrote, and a disk made
 * from the snapshot shows it to the next container.
 */
class DiskProvisioningOnEngineTest extends OnEngine {
    private static final long GIB = 1L << 30;

    private DiskCalls disks;
    private LoopDisks loopDisks;

    @BeforeEach
    void loopDisks() {
        HostDisks.assumeLoopDevices();
        assertThat(server.server().diskVolumes()).isInstanceOf(LoopDisks.class);
        loopDisks = (LoopDisks) server.server().diskVolumes();
        disks = new DiskCalls(server.client());
    }

    private static String exec(String containerId, String script) {
        return Engine.docker("exec", "nc-" + containerId, "sh", "-c", script);
    }

    /** A running container with the existing disk at {@code path} (deleted with the container). */
    private static String runningWith(String diskId, String path) {
        String id = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"" + path + "\",\"cloudDiskId\":\""
                + diskId + "\",\"fsType\":\"xfs\"}]", "sleep");
        containers.awaitRunning(id);
        return id;
    }

    private static void delete(String containerId) {
        assertThat(containers.delete(containerId).status()).isEqualTo(200);
        containers.awaitStatus(containerId, "gone", Duration.ofSeconds(60));
    }

    private Path snapshotFile(String snapshotId) {
        return loopDisks.root().resolve("snapshots").resolve(snapshotId + ".img");
    }

    @Test
    void createDisksMakesTheFileOfTheFullSizeBeforeTheDiskIsAvailableAndDeleteDiskRemovesIt() {
        String disk = disks.create(body("ahead", "ssd", 40, 1)).get(0);
        disks.awaitStatus(disk, "available");

        Path image = loopDisks.image(disk);
        assertThat(image.toFile().length()).isEqualTo(40 * GIB);
        assertThat(HostDisks.allocatedBytes(image)).as("costs nothing until written").isZero();
        assertThat(HostDisks.loopDevices(loopDisks.root())).noneMatch(l -> l.contains(disk));

        assertThat(disks.delete(disk).status()).isEqualTo(200);
        disks.awaitStatus(disk, "gone");
        assertThat(image).doesNotExist();
    }

    @Test
    void aDiskMadeFromASnapshotShowsTheNextContainerWhatARunningContainerWroteBeforeTheSnapshot() {
        String source = disks.createAvailable("source");
        String writer = runningWith(source, "/data");
        exec(writer, "mkdir -p /data/app && echo written-by-the-writer > /data/app/state.txt");

        String snapshot = disks.availableSnapshot(source, "with-state");
        assertThat(snapshotFile(snapshot)).exists();
        exec(writer, "echo after-the-snapshot > /data/app/later.txt");

        ObjectNode fromSnapshot = body("restored", "ssd", 30, 1);
        spec(fromSnapshot).put("snapshotId", snapshot);
        String restored = disks.create(fromSnapshot).get(0);
        disks.awaitStatus(restored, "available");
        assertThat(loopDisks.image(restored).toFile().length()).as("larger than its snapshot").isEqualTo(30 * GIB);

        // the writer still runs on the source: both disks are mounted at once
        String reader = runningWith(restored, "/restored");
        assertThat(exec(reader, "cat /restored/app/state.txt")).isEqualTo("written-by-the-writer\n");
        assertThat(exec(reader, "ls /restored/app")).doesNotContain("later.txt");
        long size = Long.parseLong(exec(reader, "df -k /restored").lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[1]) * 1024;
        assertThat(size).as("the filesystem grew with the disk").isBetween(29 * GIB, 30 * GIB);
        exec(reader, "echo changed > /restored/app/state.txt");
        assertThat(exec(writer, "cat /data/app/state.txt")).as("the disks are independent").isEqualTo("written-by-the-writer\n");

        delete(reader);
        delete(writer);
        assertThat(disks.deleteSnapshot(snapshot).status()).isEqualTo(200);
        disks.awaitSnapshotStatus(snapshot, "gone");
        assertThat(snapshotFile(snapshot)).doesNotExist();
        assertThat(HostDisks.traces(loopDisks.root())).noneMatch(t -> t.contains(source) || t.contains(restored));
    }

    @Test
    void aContainersOwnNewDiskFromASnapshotStartsWithItsContent() {
        String source = disks.createAvailable("own-source");
        String writer = runningWith(source, "/data");
        exec(writer, "echo kept-in-the-snapshot > /data/state.txt");
        String snapshot = disks.availableSnapshot(source, "own");
        delete(writer);

        String reader = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/restored\",\"fsType\":\"xfs\","
                + "\"cloudDiskSpec\":{\"name\":\"own\",\"diskType\":\"ssd\",\"diskSizeGB\":20,\"snapshotId\":\"" + snapshot + "\"}}]", "sleep");
        containers.awaitRunning(reader);
        assertThat(exec(reader, "cat /restored/state.txt")).isEqualTo("kept-in-the-snapshot\n");
        assertThat(exec(reader, "grep ' /restored ' /proc/mounts")).contains(" xfs ");

        delete(reader);
        assertThat(disks.deleteSnapshot(snapshot).status()).isEqualTo(200);
        assertThat(HostDisks.traces(loopDisks.root())).noneMatch(t -> t.contains(source));
    }

    @Test
    void aDiskFromASnapshotWhoseContentIsLostFailsAndLeavesNoFile() throws Exception {
        String snapshot = disks.availableSnapshot(disks.createAvailable("lost-source"), "lost");
        Files.delete(snapshotFile(snapshot));

        ObjectNode fromSnapshot = body("from-lost", "ssd", 20, 1);
        spec(fromSnapshot).put("snapshotId", snapshot);
        String disk = disks.create(fromSnapshot).get(0);

        disks.awaitStatus(disk, "error_create");
        assertThat(loopDisks.image(disk)).doesNotExist();
        assertThat(HostDisks.traces(loopDisks.root())).noneMatch(t -> t.contains(disk));
        assertThat(disks.delete(disk).status()).isEqualTo(200);
        disks.awaitStatus(disk, "gone");
    }

    @Test
    void aStartingServerRemovesSnapshotFilesNoSnapshotOwnsAndKeepsTheOthers() throws Exception {
        try (TestServer own = TestServer.start()) {
            DiskCalls calls = new DiskCalls(own.client());
            Path folder = ((LoopDisks) own.server().diskVolumes()).root().resolve("snapshots");
            String snapshot = calls.availableSnapshot(calls.createAvailable("kept-source"), "kept");
            Path stray = Files.writeString(folder.resolve("snapshot-strayfile.img"), "no snapshot owns this");
            Path halfMade = Files.writeString(folder.resolve(snapshot + ".img.new"), "a copy a crash interrupted");

            own.restart();

            assertThat(stray).doesNotExist();
            assertThat(halfMade).doesNotExist();
            assertThat(folder.resolve(snapshot + ".img")).exists();
            DiskCalls afterRestart = new DiskCalls(own.client());
            ObjectNode fromSnapshot = body("after-restart", "ssd", 20, 1);
            spec(fromSnapshot).put("snapshotId", snapshot);
            afterRestart.awaitStatus(afterRestart.create(fromSnapshot).get(0), "available");
        }
    }
}
