package nc.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import nc.runtime.DiskVolumes.Volume;
import nc.runtime.RuntimeFailure;
import nc.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Disks made ahead of their first attach, and snapshots of them, on this machine's kernel: sparse
 * files copied with their holes, a mounted disk frozen while it is copied.
 */
class LoopDiskSnapshotsTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    @TempDir
    Path temp;
    private Path dir;
    private LoopDisks disks;
    private LoopDiskSnapshots snapshots;

    @BeforeEach
    void disks() {
        HostDisks.assumeLoopDevices();
        disks = new LoopDisks(temp.resolve("disks"));
        snapshots = new LoopDiskSnapshots(disks);
        dir = disks.root();
    }

    /** Every test ends with nothing left on the machine: no loop device, mount, disk or snapshot file. */
    @AfterEach
    void nothingSurvives() {
        if (disks != null) {
            disks.sweep(id -> false, id -> false);
            snapshots.sweep(id -> false);
            assertThat(HostDisks.traces(dir)).as("what the sweeps left").isEmpty();
            assertThat(dir.resolve("snapshots").toFile().list()).isEmpty();
        }
    }

    private Path mount(String diskId, String fsType, int sizeGb) {
        return Path.of(disks.attach(new Volume(diskId, sizeGb, fsType)).source());
    }

    private static long filesystemBytes(Path mountPoint) {
        String line = Shell.run("df", "--output=size", "-k", mountPoint.toString()).orThrow().lines().skip(1).findFirst().orElseThrow();
        return Long.parseLong(line.strip()) * 1024;
    }

    @Test
    void aCreatedDiskIsASparseFileOfItsFullSizeThatItsFirstAttachFormats() throws Exception {
        disks.create("vol-ahead", 20);
        disks.create("vol-ahead", 20);

        Path image = disks.image("vol-ahead");
        assertThat(image.toFile().length()).isEqualTo(20 * GIB);
        assertThat(HostDisks.allocatedBytes(image)).as("costs nothing until written").isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image))).as("tenant data").isEqualTo("rw-------");
        assertThat(HostDisks.loopDevices(dir)).isEmpty();
        assertThat(HostDisks.mounts(dir)).isEmpty();

        Path mounted = mount("vol-ahead", "ext4", 20);
        assertThat(HostDisks.fsType(mounted)).isEqualTo("ext4");
        assertThat(filesystemBytes(mounted)).isBetween(19 * GIB, 20 * GIB);
        Files.writeString(mounted.resolve("f.txt"), "usable");
        assertThat(mounted.resolve("f.txt")).hasContent("usable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4"})
    void aDiskMadeFromASnapshotOfAMountedDiskStartsWithWhatWasWrittenBeforeTheSnapshot(String fsType) throws Exception {
        Path source = mount("vol-source", fsType, 20);
        Files.createDirectories(source.resolve("app"));
        // not synced: the freeze flushes it to the device before the copy
        Files.writeString(source.resolve("app/data.txt"), "before the snapshot");

        snapshots.take("vol-source", 20, "snapshot-one");
        Files.writeString(source.resolve("app/later.txt"), "after the snapshot");
        assertThat(source.resolve("app/later.txt")).as("the source takes writes again").hasContent("after the snapshot");

        Path snapshot = snapshots.image("snapshot-one");
        assertThat(snapshot.toFile().length()).isEqualTo(20 * GIB);
        assertThat(HostDisks.allocatedBytes(snapshot)).as("a sparse copy").isLessThan(100 * MIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot))).isEqualTo("rw-------");

        snapshots.restore("snapshot-one", "vol-copy", 20);
        assertThat(disks.image("vol-copy").toFile().length()).isEqualTo(20 * GIB);
        assertThat(HostDisks.allocatedBytes(disks.image("vol-copy"))).isLessThan(100 * MIB);
        // the source stays mounted: two filesystems with one UUID side by side
        Path copy = mount("vol-copy", fsType, 20);
        assertThat(HostDisks.fsType(copy)).isEqualTo(fsType);
        assertThat(copy.resolve("app/data.txt")).hasContent("before the snapshot");
        assertThat(copy.resolve("app/later.txt")).doesNotExist();

        Files.writeString(copy.resolve("app/data.txt"), "changed in the copy");
        assertThat(source.resolve("app/data.txt")).as("disks made from a snapshot are independent").hasContent("before the snapshot");
    }

    @Test
    void aDiskLargerThanItsSnapshotHasTheLargerFilesystem() throws Exception {
        Path source = mount("vol-small", "xfs", 20);
        Files.writeString(source.resolve("kept.txt"), "kept");
        disks.detach("vol-small");
        snapshots.take("vol-small", 20, "snapshot-small");

        snapshots.restore("snapshot-small", "vol-large", 50);

        assertThat(disks.image("vol-large").toFile().length()).isEqualTo(50 * GIB);
        Path large = mount("vol-large", "xfs", 50);
        assertThat(large.resolve("kept.txt")).hasContent("kept");
        assertThat(filesystemBytes(large)).isBetween(49 * GIB, 50 * GIB);
    }

    @Test
    void aSnapshotOfADiskNeverAttachedIsBlankAndSoIsTheDiskMadeFromIt() {
        snapshots.take("vol-blank", 20, "snapshot-blank");
        assertThat(disks.image("vol-blank").toFile().length()).isEqualTo(20 * GIB);
        assertThat(HostDisks.allocatedBytes(snapshots.image("snapshot-blank"))).isZero();

        snapshots.restore("snapshot-blank", "vol-from-blank", 30);

        Path mounted = mount("vol-from-blank", "xfs", 30);
        assertThat(HostDisks.fsType(mounted)).as("formatted at its first attach").isEqualTo("xfs");
        assertThat(filesystemBytes(mounted)).isBetween(29 * GIB, 30 * GIB);
    }

    @Test
    void takingAndRestoringAgainChangesNothing() throws Exception {
        Files.writeString(mount("vol-once", "xfs", 20).resolve("v.txt"), "first");
        snapshots.take("vol-once", 20, "snapshot-once");
        snapshots.restore("snapshot-once", "vol-restored", 20);
        Files.writeString(mount("vol-once", "xfs", 20).resolve("v.txt"), "second");
        Files.writeString(mount("vol-restored", "xfs", 20).resolve("r.txt"), "written to the restored disk");

        // a step repeated after a restart: what exists is the result
        snapshots.take("vol-once", 20, "snapshot-once");
        snapshots.restore("snapshot-once", "vol-restored", 20);

        assertThat(mount("vol-restored", "xfs", 20).resolve("r.txt")).hasContent("written to the restored disk");
        snapshots.restore("snapshot-once", "vol-check", 20);
        assertThat(mount("vol-check", "xfs", 20).resolve("v.txt")).hasContent("first");
    }

    @Test
    void aDiskFromASnapshotWithoutContentFailsAndLeavesNothing() {
        assertThatThrownBy(() -> snapshots.restore("snapshot-missing", "vol-orphan", 20))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("vol-orphan")
                .hasMessageContaining("snapshot-missing");

        assertThat(disks.image("vol-orphan")).doesNotExist();
        assertThat(dir.resolve("images").toFile().list()).isEmpty();
    }

    @Test
    void deletingRemovesTheFilesOfSnapshotsAndDisksAlike() {
        snapshots.take("vol-deleted", 20, "snapshot-deleted");
        snapshots.restore("snapshot-deleted", "vol-restored", 20);
        mount("vol-restored", "xfs", 20);

        snapshots.delete("snapshot-deleted");
        snapshots.delete("snapshot-deleted");
        disks.destroy("vol-restored");
        disks.destroy("vol-deleted");

        assertThat(HostDisks.traces(dir)).isEmpty();
    }

    @Test
    void theSweepRemovesSnapshotsThatNoLongerExistAndWhatACrashLeft() throws Exception {
        snapshots.take("vol-swept", 20, "snapshot-kept");
        snapshots.take("vol-swept", 20, "snapshot-gone");
        Path halfMade = dir.resolve("snapshots").resolve("snapshot-crashed.img.new");
        Files.writeString(halfMade, "half");
        // a server killed while it copied a mounted disk: the disk's filesystem stays frozen
        Path mounted = mount("vol-frozen", "xfs", 20);
        Shell.run("fsfreeze", "--freeze", mounted.toString()).orThrow();

        snapshots.sweep(Set.of("snapshot-kept")::contains);

        assertThat(HostDisks.images(dir.resolve("snapshots"))).containsExactly(snapshots.image("snapshot-kept"));
        assertThat(halfMade).doesNotExist();
        // thawing again is refused as the filesystem is no longer frozen (and, should it be, thaws it for the cleanup)
        assertThat(Shell.run("fsfreeze", "--unfreeze", mounted.toString()).stderr()).contains("Invalid argument");
        Files.writeString(mounted.resolve("thawed.txt"), "writes go through");
        assertThat(mounted.resolve("thawed.txt")).hasContent("writes go through");
    }
}
