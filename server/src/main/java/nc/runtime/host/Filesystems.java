package nc.runtime.host;

import java.time.Duration;
import java.util.Optional;
import nc.runtime.RuntimeFailure;

/** What filesystem a block device carries ({@code blkid}) and making one ({@code mkfs}). */
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
}
