package nc.disk;

import java.time.Instant;

/**
 * A snapshot of a disk (docs/api/vpc-disk.md §3.2). {@code status} is as shown: a stored
 * {@code available} reads {@code in-use} while a disk is being created from the snapshot.
 */
public record Snapshot(
        String snapshotId,
        String accountId,
        String regionId,
        String diskId,
        String name,
        String description,
        int sizeGb,
        String status,
        Instant createdAt) {

    public static final String CREATING = "creating";
    public static final String AVAILABLE = "available";
    public static final String IN_USE = "in-use";
    public static final String DELETING = "deleting";
    public static final String ERROR_CREATE = "error_create";
    public static final String ERROR_DELETE = "error_delete";
}
