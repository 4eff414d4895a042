package nc.disk;

import java.time.Instant;

/**
 * How a container mounts a disk. position 0 is the root volume, 1.. the data volumes in order.
 * {@code attachmentId} is the {@code att-} id the disk API shows (docs/api/vpc-disk.md §3.2 DiskAttachment).
 */
public record Attachment(String diskId, String containerId, int position, String mountPath, boolean readOnly,
        boolean autoDelete, String fsType, Instant attachedAt, String attachmentId) {

    public boolean isRoot() {
        return position == 0;
    }
}
