package nc.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Data disks as named engine volumes ({@code nc-<diskId>}): the fallback where the engine runs on
 * another machine (or loop devices are not available), so no host folder can be bound. A volume
 * has neither the disk's size nor its filesystem; formatting empties it.
 */
public final class EngineVolumes implements DiskVolumes {
    private static final String DISK_LABEL = "nc.disk";
    private static final String PREFIX = "nc-";

    private final ContainerRuntime runtime;
    private final String ownerLabel;
    private final String owner;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final Set<String> formatPending = ConcurrentHashMap.newKeySet();

    /** Volumes carry {@code ownerLabel=owner}, so that {@link #sweep} finds only this installation's. */
    public EngineVolumes(ContainerRuntime runtime, String ownerLabel, String owner) {
        this.runtime = runtime;
        this.ownerLabel = ownerLabel;
        this.owner = owner;
    }

    public static String volumeName(String diskId) {
        return PREFIX + diskId;
    }

    @Override
    public Attached attach(Volume volume) {
        String name = volumeName(volume.diskId());
        if (formatPending.remove(volume.diskId())) {
            runtime.removeVolume(name);
            ensured.remove(name);
        }
        if (!ensured.contains(name)) {
            runtime.ensureVolume(name, Map.of(ownerLabel, owner, DISK_LABEL, volume.diskId()));
            ensured.add(name);
        }
        return new Attached(volume.diskId(), name, false, false);
    }

    @Override
    public void formatOnNextAttach(String diskId) {
        formatPending.add(diskId);
    }

    @Override
    public void detach(String diskId) {
        formatPending.remove(diskId);
    }

    @Override
    public void destroy(String diskId) {
        formatPending.remove(diskId);
        runtime.removeVolume(volumeName(diskId));
        ensured.remove(volumeName(diskId));
    }

    @Override
    public void sweep(Predicate<String> exists, Predicate<String> inUse) {
        for (String name : runtime.volumesByLabel(ownerLabel, owner)) {
            if (name.startsWith(PREFIX) && !exists.test(name.substring(PREFIX.length()))) {
                destroy(name.substring(PREFIX.length()));
            }
        }
    }
}
