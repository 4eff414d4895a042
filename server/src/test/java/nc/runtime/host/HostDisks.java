package nc.runtime.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nc.testing.Shell;
import org.junit.jupiter.api.Assumptions;

/**
 * What the machine really holds under a disk folder, read with the host's own tools (not with
 * the classes under test): loop devices ({@code losetup --list}), mounts ({@code /proc/mounts}),
 * disk files and their allocated size ({@code du}).
 */
public final class HostDisks {
    private HostDisks() {
    }

    /** Skips the calling test when this machine cannot make loop devices, unless NC_REQUIRE_DOCKER=1 (make test, CI). */
    public static void assumeLoopDevices() {
        String why = LoopDisks.unavailableBecause();
        if (why != null && "1".equals(System.getenv("NC_REQUIRE_DOCKER"))) {
            throw new IllegalStateException("NC_REQUIRE_DOCKER=1 but " + why);
        }
        Assumptions.assumeTrue(why == null, () -> "no loop devices: " + why);
    }

    /** Loop devices whose backing file is under the folder ("/dev/loopN /path"), deleted files included. */
    public static List<String> loopDevices(Path dir) {
        return Shell.run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").orThrow().lines()
                .map(String::strip).filter(l -> l.contains(" " + dir + "/")).toList();
    }

    /** Mounts on folders under the folder ("source target fstype options"). */
    public static List<String> mounts(Path dir) {
        return Shell.run("cat", "/proc/mounts").orThrow().lines()
                .filter(l -> l.split(" ")[1].startsWith(dir + "/")).toList();
    }

    /** Disk files under the folder. */
    public static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".img")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Everything of the folder the kernel or the filesystem still holds: loop devices, mounts, disk files. */
    public static List<String> traces(Path dir) {
        return Stream.of(loopDevices(dir).stream(), mounts(dir).stream(), images(dir).stream().map(Path::toString))
                .flatMap(s -> s).toList();
    }

    /** Bytes the file really occupies ({@code du}), as opposed to its apparent size. */
    public static long allocatedBytes(Path file) {
        return Long.parseLong(Shell.run("du", "--block-size=1", file.toString()).orThrow().split("\\s+")[0]);
    }

    /** The filesystem type mounted on the folder ({@code findmnt}), or "" when nothing is mounted. */
    public static String fsType(Path mountPoint) {
        Shell.Result found = Shell.run("findmnt", "-n", "-o", "FSTYPE", "--mountpoint", mountPoint.toString());
        return found.ok() ? found.stdout().strip() : "";
    }
}
