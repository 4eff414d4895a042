package nc.disk;

import java.time.Instant;

/** A cloud disk. Attached disks are in-use; the container's volume lives in the engine under {@link #engineVolumeName()}. */
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
        Instant createdAt) {

    public static final String AVAILABLE = "available";
    public static final String IN_USE = "in-use";

    public String engineVolumeName() {
        return "nc-" + diskId;
    }
}
