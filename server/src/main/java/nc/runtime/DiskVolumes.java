package nc.runtime;

import java.util.function.Predicate;

/**
 * Where the data disks of containers live (docs/architecture.md: the runtime boundary). A disk's storage is
 * made when it is first attached at the latest (the disk service may make it ahead), formatted
 * with its filesystem when it has none, kept while the disk exists and made reachable
 * ("attached") while a container uses it. Every method is idempotent, so a
 * restarted server repeats them safely. {@code nc.runtime.host.LoopDisks} keeps each disk as a
 * sparse file on a loop device with a real filesystem; {@link EngineVolumes} keeps it as an engine
 * volume (no size, no filesystem of its own) where the engine runs on another machine.
 */
public interface DiskVolumes {

    /** A data disk as a container mounts it: its size in GiB and its filesystem, {@code xfs} or {@code ext4}. */
    record Volume(String diskId, int sizeGb, String fsType, String snapshotId) {

        /** A disk that starts blank. */
        public Volume(String diskId, int sizeGb, String fsType) {
            this(diskId, sizeGb, fsType, null);
        }
    }

    /**
     * An attached disk: a host folder to bind ({@code hostPath}) or an engine volume name.
     * {@code fresh} when it became reachable in this call, so an engine container made earlier
     * does not see it yet and must be started again.
     */
    record Attached(String diskId, String source, boolean hostPath, boolean fresh) {

        /** How the engine mounts it at {@code path}. */
        public EngineContainer.VolumeMount at(String path, boolean readOnly) {
            return hostPath ? EngineContainer.VolumeMount.bind(source, path, readOnly)
                    : new EngineContainer.VolumeMount(source, path, readOnly);
        }
    }

    /**
     * Makes the disk reachable: creates and formats it when it has no storage (or no filesystem)
     * yet, formats it when {@link #formatOnNextAttach} asked for it, else takes it as it is.
     */
    Attached attach(Volume volume);

    /** The next {@link #attach} of this disk formats it first (formatVolume); survives a restart. */
    void formatOnNextAttach(String diskId);

    /** No container uses the disk any more: unreachable, its data kept. */
    void detach(String diskId);

    /** The disk is deleted: detached and its data removed. */
    void destroy(String diskId);

    /**
     * Undoes what nothing owns any more: destroys the storage of disks that no longer {@code exist}
     * and detaches those no container has {@code inUse}. Both are asked per disk, at the moment it is
     * handled, so a disk attached meanwhile is left alone.
     */
    void sweep(Predicate<String> exists, Predicate<String> inUse);
}
