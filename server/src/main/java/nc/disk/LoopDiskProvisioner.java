package nc.disk;

import java.util.function.Predicate;
import nc.runtime.host.LoopDiskSnapshots;
import nc.runtime.host.LoopDisks;

/**
 * Disks and snapshots as files on this machine, where disks are loop devices: a new disk's file
 * exists (all holes, of its full size) before the disk is available, a disk made from a snapshot
 * starts as a copy of it, and a snapshot is a copy of its disk. The containers' side of the same
 * disks (attach, format, detach) is the same {@link LoopDisks}.
 */
public final class LoopDiskProvisioner implements DiskProvisioner {
    private final LoopDisks disks;
    private final LoopDiskSnapshots snapshots;

    public LoopDiskProvisioner(LoopDisks disks) {
        this.disks = disks;
        this.snapshots = new LoopDiskSnapshots(disks);
    }

    @Override
    public void provision(Disk disk) {
        if (disk.snapshotId() == null) {
            disks.create(disk.diskId(), disk.sizeGb());
        } else {
            snapshots.restore(disk.snapshotId(), disk.diskId(), disk.sizeGb());
        }
    }

    @Override
    public void destroy(Disk disk) {
        disks.destroy(disk.diskId());
    }

    @Override
    public void snapshot(Disk source, String snapshotId) {
        snapshots.take(source.diskId(), source.sizeGb(), snapshotId);
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        snapshots.delete(snapshotId);
    }

    @Override
    public void sweepSnapshots(Predicate<String> exists) {
        snapshots.sweep(exists);
    }
}
