package nc.disk;

import java.util.function.Predicate;

/**
 * The host side of disks and snapshots: the seam between the disk API's status lifecycle and
 * the storage that backs it (docs/api/vpc-disk.md §3.3). Each call runs on a {@link DiskWorker}
 * thread, after the database recorded the transitional status; returning means success, any
 * runtime exception means failure ({@code error_create} / {@code error_delete}). Calls may be
 * repeated after a restart, so implementations must be idempotent.
 */
public interface DiskProvisioner {

    /** Makes the storage of a new disk; when {@code disk.snapshotId()} is set, fills it from that snapshot. */
    void provision(Disk disk);

    /** Releases the storage of a deleted disk (also of one that failed to provision). */
    void destroy(Disk disk);

    /** Copies the disk's content, as it is now, into the snapshot {@code snapshotId}. */
    void snapshot(Disk source, String snapshotId);

    /** Releases the storage of a deleted snapshot. */
    void deleteSnapshot(String snapshotId);

    /**
     * Called once at start, before any other call: releases the storage of snapshots that no
     * longer {@code exist} and whatever an interrupted step left half done.
     */
    default void sweepSnapshots(Predicate<String> exists) {
    }
}
