package nc.disk;

import java.time.Instant;

/**
 * A cloud disk (docs/api/vpc-disk.md §3.2). Attached disks are in-use; the container's volume lives in
 * the engine under {@link #engineVolumeName()}. {@code snapshotId} is the source snapshot, or null.
 * The charge started when the disk was created.
 */
public record Disk(
        String diskId,
        String accountId,
        String regionId,
        String az,
        String name,
        String description,
        String diskType,
        int sizeGb,
        String status,
        String fsType,
        String chargeMode,
        String chargeStatus,
        Instant chargeExpiredTime,
        boolean multiAttachable,
        Instant createdAt,
        String snapshotId) {

    public static final String CREATING = "creating";
    public static final String AVAILABLE = "available";
    public static final String IN_USE = "in-use";
    public static final String DELETING = "deleting";
    public static final String ERROR_CREATE = "error_create";
    public static final String ERROR_DELETE = "error_delete";

    public String engineVolumeName() {
        return "nc-" + diskId;
    }
}
