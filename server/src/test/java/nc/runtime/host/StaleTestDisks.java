package nc.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import nc.testing.Shell;

/**
 * Test servers' disks outlive a test JVM that is killed outright (no shutdown, no close): their
 * loop devices and mounts stay in the kernel. Each data folder names its JVM; the first server of
 * a JVM finishes the cleanup of every folder whose JVM is gone.
 */
public final class StaleTestDisks {
    private static final String OWNER_PID = "owner.pid";
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private StaleTestDisks() {
    }

    /** Marks the data folder as this JVM's; the first call of a JVM also cleans up after dead ones. */
    public static void claim(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve(OWNER_PID), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (SWEPT.compareAndSet(false, true)) {
            sweep(dataDir.getParent(), dataDir.getFileName().toString().replaceAll("[0-9]+$", ""));
        }
    }

    static void sweep(Path tmp, String prefix) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = readPid(dir.resolve(OWNER_PID));
                if (owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty()) {
                    release(dir);
                }
            }
        } catch (IOException e) {
            // a folder another JVM removes meanwhile: nothing to do
        }
    }

    /** Unmounts, detaches and deletes everything under the folder. */
    static void release(Path dir) {
        for (String mount : HostDisks.mounts(dir)) {
            Shell.run("umount", "-l", mount.split(" ")[1]);
        }
        for (String loop : HostDisks.loopDevices(dir)) {
            Shell.run("losetup", "-d", loop.split(" ")[0]);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                if (Files.isDirectory(p)) {
                    Shell.run("chattr", "-i", p.toString());
                }
                p.toFile().delete();
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
