package nc.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import nc.runtime.DiskVolumes.Attached;
import nc.runtime.DiskVolumes.Volume;
import nc.runtime.RuntimeFailure;
import nc.testing.Engine;
import nc.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LoopDisks on this machine's kernel: sparse files on loop devices with real xfs and ext4 filesystems. */
class LoopDisksTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    @TempDir
    Path temp;
    private Path dir;
    private LoopDisks disks;

    @BeforeEach
    void disks() {
        HostDisks.assumeLoopDevices();
        dir = temp.resolve("disks");
        disks = new LoopDisks(dir);
        dir = disks.root();
    }

    /** Every test ends with nothing left on the machine: no loop device, mount or file. */
    @AfterEach
    void nothingSurvives() {
        if (disks != null) {
            disks.sweep(id -> false, id -> false);
            assertThat(HostDisks.traces(dir)).as("what the sweep left").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4"})
    void aNewDiskIsASparseFileOnALoopDeviceWithTheAskedFilesystem(String fsType) throws Exception {
        Attached attached = disks.attach(new Volume("vol-new" + fsType, 20, fsType));

        assertThat(attached.hostPath()).isTrue();
        assertThat(attached.fresh()).isTrue();
        Path mount = Path.of(attached.source());
        assertThat(mount).isEqualTo(disks.mountPoint("vol-new" + fsType));
        assertThat(HostDisks.fsType(mount)).isEqualTo(fsType);
        assertThat(HostDisks.loopDevices(dir)).hasSize(1).allMatch(l -> l.endsWith(disks.image("vol-new" + fsType).toString()));
        Path image = disks.image("vol-new" + fsType);
        assertThat(image.toFile().length()).isEqualTo(20 * GIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image))).as("tenant data").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        long allocated = HostDisks.allocatedBytes(image);
        System.err.printf("[LoopDisksTest] 20 GiB %s disk: %d MiB allocated after mkfs%n", fsType, allocated / MIB);
        assertThat(allocated).as("a 20 GiB %s disk costs only its metadata", fsType).isLessThan(100 * MIB);
        long sizeKib = Long.parseLong(Shell.run("df", "--output=size", "-k", mount.toString()).orThrow().lines().skip(1)
                .findFirst().orElseThrow().strip());
        assertThat(sizeKib * 1024).isBetween(19 * GIB, 20 * GIB);
    }

    @Test
    void attachIsIdempotentAndAStartedAgainServerTakesOverWhatIsAttached() throws Exception {
        Volume volume = new Volume("vol-again", 20, "xfs");
        Path file = Path.of(disks.attach(volume).source()).resolve("kept.txt");
        Files.writeString(file, "kept");

        assertThat(disks.attach(volume).fresh()).as("already attached").isFalse();
        LoopDisks restarted = new LoopDisks(temp.resolve("disks"));
        assertThat(restarted.attach(volume).fresh()).isFalse();
        assertThat(HostDisks.loopDevices(dir)).as("a file is never attached twice").hasSize(1);

        // a mount lost while its loop device stayed (e.g. unmounted by hand): the same device is mounted again
        Shell.run("umount", disks.mountPoint("vol-again").toString()).orThrow();
        assertThat(restarted.attach(volume).fresh()).isTrue();
        assertThat(HostDisks.loopDevices(dir)).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("kept");

        // a reboot: neither mount nor loop device; the file is attached and mounted as it is
        Shell.run("umount", disks.mountPoint("vol-again").toString()).orThrow();
        HostDisks.loopDevices(dir).forEach(l -> Shell.run("losetup", "-d", l.split(" ")[0]).orThrow());
        assertThat(HostDisks.loopDevices(dir)).isEmpty();
        assertThat(restarted.attach(volume).fresh()).isTrue();
        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    void anUnmountedMountFolderRefusesWritesSoNothingLandsOnTheHostsFilesystem() {
        Path mount = Path.of(disks.attach(new Volume("vol-guard", 20, "xfs")).source());
        Shell.run("umount", mount.toString()).orThrow();

        Shell.Result write = Shell.run("touch", mount.resolve("lost").toString());
        assertThat(write.ok()).isFalse();
        assertThat(write.stderr()).contains("Operation not permitted");
    }

    @Test
    void detachKeepsTheFilesAndFormatOnNextAttachWipesThem() throws Exception {
        Volume xfs = new Volume("vol-kept", 20, "xfs");
        Files.writeString(Path.of(disks.attach(xfs).source()).resolve("kept.txt"), "kept");

        disks.detach("vol-kept");
        assertThat(HostDisks.loopDevices(dir)).isEmpty();
        assertThat(HostDisks.mounts(dir)).isEmpty();
        assertThat(disks.image("vol-kept")).exists();
        assertThat(disks.attached("vol-kept")).isFalse();

        Path mount = Path.of(disks.attach(xfs).source());
        assertThat(mount.resolve("kept.txt")).hasContent("kept");
        disks.detach("vol-kept");

        disks.formatOnNextAttach("vol-kept");
        Volume ext4 = new Volume("vol-kept", 20, "ext4");
        assertThat(disks.attach(ext4).fresh()).isTrue();
        assertThat(mount.resolve("kept.txt")).doesNotExist();
        assertThat(HostDisks.fsType(mount)).isEqualTo("ext4");
        assertThat(disks.attach(ext4).fresh()).as("formatted once, not at every attach").isFalse();
    }

    @Test
    void aDiskMountedWithTheWrongFilesystemFailsAndLeavesNoLoopDevice() {
        disks.attach(new Volume("vol-xfs", 20, "xfs"));
        disks.detach("vol-xfs");

        assertThatThrownBy(() -> disks.attach(new Volume("vol-xfs", 20, "ext4")))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("vol-xfs")
                .hasMessageContaining("mount");
        assertThat(HostDisks.loopDevices(dir)).isEmpty();
        assertThat(HostDisks.mounts(dir)).isEmpty();
        assertThat(disks.image("vol-xfs")).exists();
    }

    @Test
    void destroyRemovesLoopDeviceMountAndFile() {
        disks.attach(new Volume("vol-gone", 20, "xfs"));
        assertThat(HostDisks.traces(dir)).hasSize(3);

        disks.destroy("vol-gone");
        disks.destroy("vol-gone");
        assertThat(HostDisks.traces(dir)).isEmpty();
        assertThat(disks.mountPoint("vol-gone")).doesNotExist();
    }

    @Test
    void theSweepDestroysDisksThatNoLongerExistAndDetachesThoseNoContainerUses() throws Exception {
        disks.attach(new Volume("vol-used", 20, "xfs"));
        disks.attach(new Volume("vol-idle", 20, "xfs"));
        disks.attach(new Volume("vol-deleted", 20, "ext4"));
        disks.attach(new Volume("vol-crashed", 20, "xfs"));
        // a crash left a loop device on a file that is gone
        Shell.run("umount", disks.mountPoint("vol-crashed").toString()).orThrow();
        Files.delete(disks.image("vol-crashed"));
        assertThat(HostDisks.loopDevices(dir)).anyMatch(l -> l.contains("vol-crashed") && l.endsWith("(deleted)"));

        Set<String> existing = Set.of("vol-used", "vol-idle");
        disks.sweep(existing::contains, "vol-used"::equals);

        assertThat(HostDisks.loopDevices(dir)).hasSize(1).allMatch(l -> l.contains("vol-used"));
        assertThat(HostDisks.mounts(dir)).hasSize(1).allMatch(l -> l.contains("vol-used"));
        assertThat(HostDisks.images(dir)).containsExactlyInAnyOrder(disks.image("vol-used"), disks.image("vol-idle"));
        assertThat(HostDisks.fsType(disks.mountPoint("vol-used"))).isEqualTo("xfs");
    }

    @Test
    void theDisksOfATestServerWhoseJvmDiedAreReleasedByTheNextOne() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("nc-test12345"));
        LoopDisks orphan = new LoopDisks(dataDir.resolve("disks").resolve("nc-dead"));
        orphan.attach(new Volume("vol-orphan", 20, "xfs"));
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(dataDir.resolve("owner.pid"), Long.toString(finished.pid()));
        assertThat(HostDisks.traces(orphan.root())).hasSize(3);

        StaleTestDisks.sweep(temp, "nc-test");

        assertThat(HostDisks.traces(orphan.root())).isEmpty();
        assertThat(dataDir).doesNotExist();
    }

    /** The fill test: a 1 GiB disk holds about 1 GiB, and a container writing past it gets "No space left on device". */
    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4"})
    void aContainerFillingADiskGetsNoSpaceLeftAtItsSize(String fsType) {
        Engine engine = Engine.get();
        Attached attached = disks.attach(new Volume("vol-fill" + fsType, 1, fsType));

        String out = Engine.docker("run", "--rm", "--network", "none", "--mount",
                "type=bind,source=" + attached.source() + ",target=/data", engine.image(), "sh", "-c",
                "dd if=/dev/zero of=/data/fill bs=1M count=2048 2>&1; echo exit=$?; sync; echo size=$(stat -c %s /data/fill); grep ' /data ' /proc/mounts");

        assertThat(out).contains("No space left on device").contains("exit=1").contains(" /data " + fsType + " ");
        long written = Long.parseLong(out.lines().filter(l -> l.startsWith("size=")).findFirst().orElseThrow().substring(5));
        System.err.printf("[LoopDisksTest] 1 GiB %s disk: %d MiB written before ENOSPC; file allocates %d MiB%n",
                fsType, written / MIB, HostDisks.allocatedBytes(disks.image("vol-fill" + fsType)) / MIB);
        assertThat(written).as("bytes a 1 GiB %s disk took", fsType).isBetween(900 * MIB, GIB);
    }
}
