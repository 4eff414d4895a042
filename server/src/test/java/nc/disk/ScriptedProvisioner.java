package nc.disk;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DiskProvisioner} tests steer: it fails for disks with chosen names, and while held it
 * keeps every step waiting, so that {@code creating} and {@code deleting} can be observed.
 */
public final class ScriptedProvisioner implements DiskProvisioner {
    private final Set<String> failCreate = ConcurrentHashMap.newKeySet();
    private final Set<String> failDestroy = ConcurrentHashMap.newKeySet();
    private final Set<String> failSnapshotOf = ConcurrentHashMap.newKeySet();
    private final Set<String> failDeleteSnapshot = ConcurrentHashMap.newKeySet();
    private final List<String> provisioned = new CopyOnWriteArrayList<>();
    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean held;

    /** Disks with this name fail to provision (→ error_create). */
    public void failCreating(String diskName) {
        failCreate.add(diskName);
    }

    /** Disks with this name fail to be destroyed (→ error_delete) until {@link #stopFailingDestroy}. */
    public void failDestroying(String diskName) {
        failDestroy.add(diskName);
    }

    public void stopFailingDestroy(String diskName) {
        failDestroy.remove(diskName);
    }

    /** Snapshots of disks with this name fail (→ error_create). */
    public void failSnapshotsOf(String diskName) {
        failSnapshotOf.add(diskName);
    }

    /** This snapshot fails to be deleted (→ error_delete) until {@link #stopFailingSnapshotDeletion}. */
    public void failDeletingSnapshot(String snapshotId) {
        failDeleteSnapshot.add(snapshotId);
    }

    public void stopFailingSnapshotDeletion(String snapshotId) {
        failDeleteSnapshot.remove(snapshotId);
    }

    /** From now on, every step (create, destroy, snapshot, delete snapshot) waits until {@link #release()}. */
    public void hold() {
        synchronized (gate) {
            held = true;
        }
    }

    public void release() {
        synchronized (gate) {
            held = false;
            gate.notifyAll();
        }
    }

    public List<String> provisioned() {
        return List.copyOf(provisioned);
    }

    public List<String> destroyed() {
        return List.copyOf(destroyed);
    }

    @Override
    public void provision(Disk disk) {
        waitWhileHeld();
        if (failCreate.contains(disk.name())) {
            throw new IllegalStateException("no space left for " + disk.diskId());
        }
        provisioned.add(disk.diskId());
    }

    @Override
    public void destroy(Disk disk) {
        waitWhileHeld();
        if (failDestroy.contains(disk.name())) {
            throw new IllegalStateException("device of " + disk.diskId() + " is busy");
        }
        destroyed.add(disk.diskId());
    }

    @Override
    public void snapshot(Disk source, String snapshotId) {
        waitWhileHeld();
        if (failSnapshotOf.contains(source.name())) {
            throw new IllegalStateException("cannot read " + source.diskId());
        }
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        waitWhileHeld();
        if (failDeleteSnapshot.contains(snapshotId)) {
            throw new IllegalStateException("snapshot store of " + snapshotId + " is busy");
        }
    }

    private void waitWhileHeld() {
        synchronized (gate) {
            while (held) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }
}
