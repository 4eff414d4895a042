package nc.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kernel's loop devices: a file attached as a block device ({@code losetup}). */
final class LoopDevices {
    private static final Path SYS_BLOCK = Path.of("/sys/block");
    private static final String DELETED = " (deleted)";

    private LoopDevices() {
    }

    /** One attached loop device; {@code deleted} when its backing file was removed while attached. */
    record Loop(String device, Path backingFile, boolean deleted) {
    }

    /** Every attached loop device of the machine, from /sys/block/loopN/loop/backing_file. */
    static List<Loop> list() {
        List<Loop> loops = new ArrayList<>();
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(SYS_BLOCK, "loop*")) {
            for (Path dev : devices) {
                Path file = dev.resolve("loop").resolve("backing_file");
                String backing;
                try {
                    backing = Files.readString(file).strip();
                } catch (IOException notAttached) {
                    continue;
                }
                boolean deleted = backing.endsWith(DELETED);
                if (deleted) {
                    backing = backing.substring(0, backing.length() - DELETED.length());
                }
                loops.add(new Loop("/dev/" + dev.getFileName(), Path.of(backing), deleted));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list loop devices in " + SYS_BLOCK, e);
        }
        return loops;
    }

    /** The loop devices backed by this file, the current one and any left on an earlier, deleted file of that name. */
    static List<Loop> of(Path file) {
        return list().stream().filter(l -> l.backingFile().equals(file)).toList();
    }

    /**
     * The loop device of this file: the one already attached ({@code losetup -j}), so that a
     * restarted server never attaches a file twice, else a new one ({@code losetup --find --show}).
     */
    static String attach(Path file) {
        for (String line : HostCommand.run("losetup", "-j", file.toString()).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                return line.substring(0, colon);
            }
        }
        return HostCommand.run("losetup", "--find", "--show", file.toString()).strip();
    }

    /** Detaches; the kernel frees the device once nothing uses it any more. */
    static void detach(String device) {
        HostCommand.Result result = HostCommand.execute(HostCommand.DEFAULT_LIMIT, "losetup", "-d", device);
        if (!result.ok() && !result.stderr().contains("No such device")) {
            result.orThrow();
        }
    }
}
