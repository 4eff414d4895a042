package nc.disk;

import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;

/** The snapshot a new disk is made from, by createDisks or createContainers (docs/api/vpc-disk.md §3.4 createDisks). */
final class SourceSnapshots {
    private final SnapshotRepository snapshots = new SnapshotRepository();

    /** 404 unless the snapshot exists in the account and region. */
    Snapshot require(Handle h, String account, String region, String snapshotId) {
        return snapshots.find(h, account, region, snapshotId)
                .orElseThrow(() -> ServiceException.notFound("snapshot " + snapshotId + " not found"));
    }

    /** As {@link #require}, then: available or in-use (else 400 FAILED_PRECONDITION), no larger than the new disk (else 400). */
    Snapshot requireUsable(Handle h, String account, String region, String snapshotId, int sizeGb, String sizeField) {
        Snapshot snapshot = require(h, account, region, snapshotId);
        StatusRule.CREATE_DISK_FROM_SNAPSHOT.require(snapshotId, snapshot.status());
        if (sizeGb < snapshot.sizeGb()) {
            throw ServiceException.invalid(sizeField, "must be at least " + snapshot.sizeGb() + " (the size of snapshot "
                    + snapshotId + ")");
        }
        return snapshot;
    }
}
