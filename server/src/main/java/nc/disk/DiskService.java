package nc.disk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;

/**
 * Cloud disks as containers use them: created with a container, attached, released. Every
 * method runs inside the caller's transaction. The disk API itself is {@link CloudDiskService}.
 */
public final class DiskService {
    private final DiskRepository disks = new DiskRepository();
    private final SourceSnapshots snapshots = new SourceSnapshots();
    private final Clock clock;

    public DiskService(Clock clock) {
        this.clock = clock;
    }

    public Optional<Disk> find(Handle h, String account, String region, String diskId) {
        return disks.find(h, account, region, diskId);
    }

    /** 404 unless the snapshot exists in the account and region. */
    public void requireSnapshot(Handle h, String account, String region, String snapshotId) {
        snapshots.require(h, account, region, snapshotId);
    }

    /**
     * A snapshot a new disk of {@code sizeGb} can be made from (createDisks rules of
     * docs/api/vpc-disk.md §3.4): absent → 404, not available or in-use → 400, larger than the disk → 400.
     */
    public void requireSourceSnapshot(Handle h, String account, String region, String snapshotId, int sizeGb, String sizeField) {
        snapshots.requireUsable(h, account, region, snapshotId, sizeGb, sizeField);
    }

    /** A new disk, in use by the container from the start. */
    public Disk createAttached(Handle h, NewAttachedDisk spec) {
        Disk disk = new Disk(Ids.resource("vol-"), spec.accountId(), spec.regionId(), spec.az(), spec.name(), spec.description(),
                spec.diskType(), spec.sizeGb(), Disk.IN_USE, spec.fsType(), spec.chargeMode(), "normal", spec.chargeExpiredTime(),
                false, clock.instant(), spec.snapshotId());
        disks.insert(h, disk);
        attach(h, disk.diskId(), spec.mount());
        return disk;
    }

    /** An existing available disk becomes in-use by the container; refused if it left available meanwhile. */
    public void attachExisting(Handle h, Disk disk, Mount mount) {
        if (!disks.transition(h, disk.diskId(), java.util.Set.of(Disk.AVAILABLE), Disk.IN_USE)) {
            String now = disks.find(h, disk.diskId()).map(Disk::status).orElse("gone");
            throw ServiceException.failedPrecondition("disk " + disk.diskId() + " is " + now + "; it must be available");
        }
        attach(h, disk.diskId(), mount);
    }

    private void attach(Handle h, String diskId, Mount m) {
        disks.insertAttachment(h, new Attachment(diskId, m.containerId(), m.position(), m.mountPath(), m.readOnly(), m.autoDelete(),
                m.fsType(), clock.instant(), Ids.resource("att-")));
    }

    /** The disks of several containers at once (a list page): one query whatever the page size. */
    public java.util.Map<String, List<AttachedDisk>> attachedTo(Handle h, java.util.Collection<String> containerIds) {
        java.util.Map<String, List<AttachedDisk>> out = new java.util.HashMap<>();
        for (AttachedDisk d : disks.attachedTo(h, containerIds)) {
            out.computeIfAbsent(d.attachment().containerId(), k -> new ArrayList<>()).add(d);
        }
        return out;
    }

    /** The container's disks in position order (a disk deleted with its container meanwhile is simply gone). */
    public List<AttachedDisk> attachedTo(Handle h, String containerId) {
        return disks.attachedTo(h, List.of(containerId));
    }

    /**
     * Detaches every disk of the container: disks with effective autoDelete are deleted, the
     * others become available again. Returns the deleted disks, whose engine volumes go too.
     */
    public List<Disk> release(Handle h, String containerId) {
        List<Disk> deleted = new ArrayList<>();
        for (AttachedDisk d : attachedTo(h, containerId)) {
            disks.deleteAttachment(h, d.disk().diskId(), containerId);
            if (d.effectiveAutoDelete()) {
                disks.delete(h, d.disk().diskId());
                deleted.add(d.disk());
            } else {
                disks.setStatus(h, d.disk().diskId(), Disk.AVAILABLE);
            }
        }
        return deleted;
    }

    /** Where and how a container mounts a disk. */
    public record Mount(String containerId, int position, String mountPath, boolean readOnly, boolean autoDelete, String fsType) {
    }

    /** A disk created with a container: it follows the container's charge (rule 29); snapshotId may be null. */
    public record NewAttachedDisk(String accountId, String regionId, String az, String name, String description, String diskType,
            int sizeGb, String fsType, String chargeMode, Instant chargeExpiredTime, Mount mount, String snapshotId) {
    }
}
