package nc.disk;

/**
 * The default provisioner while disks are engine volumes: there is nothing to prepare ahead of
 * the container that mounts the volume, so every step succeeds at once and leaves the engine
 * untouched (volumes of deleted disks are swept by the container worker).
 */
public final class InProcessDiskProvisioner implements DiskProvisioner {

    @Override
    public void provision(Disk disk) {
    }

    @Override
    public void destroy(Disk disk) {
    }

    @Override
    public void snapshot(Disk source, String snapshotId) {
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
    }
}
