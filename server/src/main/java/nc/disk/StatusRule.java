package nc.disk;

import java.util.List;
import nc.error.ServiceException;

/**
 * One row of the operation × status tables of docs/api/vpc-disk.md §3.3: the statuses in which an
 * operation may act on a disk or a snapshot. Any other status → 400 FAILED_PRECONDITION naming it.
 */
record StatusRule(String resource, String operation, List<String> allowed) {
    static final StatusRule DELETE_DISK = new StatusRule("disk", "deleteDisk",
            List.of(Disk.AVAILABLE, Disk.ERROR_CREATE, Disk.ERROR_DELETE));
    static final StatusRule SNAPSHOT_SOURCE = new StatusRule("disk", "createSnapshot", List.of(Disk.AVAILABLE, Disk.IN_USE));
    static final StatusRule DELETE_SNAPSHOT = new StatusRule("snapshot", "deleteSnapshot",
            List.of(Snapshot.AVAILABLE, Snapshot.ERROR_CREATE, Snapshot.ERROR_DELETE));
    static final StatusRule CREATE_DISK_FROM_SNAPSHOT = new StatusRule("snapshot", "creating a disk from it",
            List.of(Snapshot.AVAILABLE, Snapshot.IN_USE));

    /** For example: {@code disk vol-x2p7c1q8na is in-use; deleteDisk needs status available, error_create or error_delete}. */
    void require(String id, String current) {
        if (!allowed.contains(current)) {
            throw ServiceException.failedPrecondition(resource + " " + id + " is " + current + "; " + operation
                    + " needs status " + needed());
        }
    }

    private String needed() {
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        return String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
    }
}
