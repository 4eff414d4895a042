package nc.runtime.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import nc.runtime.RuntimeFailure;

/**
 * What filesystem a block device carries ({@code blkid}), making one ({@code mkfs}), growing one
 * to its device and holding its writes while the device is copied ({@code fsfreeze}).
 */
final class Filesystems {
    /** mkfs of a multi-terabyte sparse device takes seconds, not minutes; this is only a guard. */
    private static final Duration MKFS_LIMIT = Duration.ofMinutes(10);

    private Filesystems() {
    }

    /** The filesystem on the device, or empty when it carries none (a blank disk). */
    static Optional<String> typeOf(String device) {
        HostCommand.Result result = HostCommand.execute(HostCommand.DEFAULT_LIMIT, "blkid", "-p", "-o", "value", "-s", "TYPE", device);
        if (result.exitCode() == 2) {
            return Optional.empty();
        }
        String type = result.orThrow().strip();
        return type.isEmpty() ? Optional.empty() : Optional.of(type);
    }

    /**
     * Formats the whole device, never partitioned (rule 26). mkfs discards the device first, which
     * on a loop device punches the old content out of its file: a formatted disk is empty and sparse.
     * ext4 keeps no blocks for root ({@code -m 0}), so the tenant gets the whole disk either way.
     */
    static void make(String device, String fsType) {
        switch (fsType) {
            case "xfs" -> HostCommand.execute(MKFS_LIMIT, "mkfs.xfs", "-q", "-f", device).orThrow();
            case "ext4" -> HostCommand.execute(MKFS_LIMIT, "mkfs.ext4", "-q", "-F", "-m", "0",
                    "-E", "lazy_itable_init=1,lazy_journal_init=1", device).orThrow();
            default -> throw new RuntimeFailure("filesystem " + fsType + " is not supported (xfs or ext4)");
        }
    }

    /**
     * Grows the mounted filesystem to the size of its device (a disk made larger than the
     * snapshot it came from); does nothing when it fills the device already. Online, as nc
     * never unmounts a disk a container may be using.
     */
    static void grow(String device, String fsType, Path mountPoint) {
        switch (fsType) {
            case "xfs" -> HostCommand.execute(MKFS_LIMIT, "xfs_growfs", mountPoint.toString()).orThrow();
            case "ext4" -> HostCommand.execute(MKFS_LIMIT, "resize2fs", device).orThrow();
            default -> throw new RuntimeFailure("filesystem " + fsType + " is not supported (xfs or ext4)");
        }
    }

    /** Flushes the mounted filesystem to its device and holds every write until {@link #thaw}. */
    static void freeze(Path mountPoint) {
        HostCommand.run("fsfreeze", "--freeze", mountPoint.toString());
    }

    /**
     * Lets writes through again; a filesystem that is not frozen stays as it is. Runs even when
     * the calling thread was interrupted (a shutdown), as a filesystem left frozen would hang
     * the container's every write.
     */
    static HostCommand.Result thaw(Path mountPoint) {
        boolean interrupted = Thread.interrupted();
        try {
            return HostCommand.execute(HostCommand.DEFAULT_LIMIT, "fsfreeze", "--unfreeze", mountPoint.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
