package nc.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import nc.runtime.ContainerRuntime;
import nc.runtime.DiskVolumes;
import nc.runtime.host.LoopDiskSnapshots;
import nc.runtime.host.LoopDisks;
import nc.tenantnet.TenantNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one installation made outside its database: engine containers, volumes and networks with
 * its {@code nc.owner} label, its tenant networks on the host (namespaces, links, filters,
 * addresses: {@link TenantNetwork#artefacts()}) and its disks and snapshots (loop devices, mounts
 * and files under its own disk folder). Only objects of this owner are ever listed or removed.
 */
public final class Footprint {
    public static final String OWNER_LABEL = "nc.owner";
    private static final Logger LOG = LoggerFactory.getLogger(Footprint.class);
    private static final int ROUNDS = 5;

    private final ContainerRuntime runtime;
    private final String owner;
    private final TenantNetwork datapath;
    private final DiskVolumes disks;

    public Footprint(ContainerRuntime runtime, String owner, TenantNetwork datapath, DiskVolumes disks) {
        this.runtime = runtime;
        this.owner = owner;
        this.datapath = datapath;
        this.disks = disks;
    }

    /**
     * Removes everything listed by {@link #remaining()}: engine containers first (they hold the
     * disks and the network interfaces), then disks, engine volumes and networks, then the host
     * network. Repeated a few rounds, as a worker finishing its last step may make one more
     * object; returns what was removed, one line each.
     */
    public List<String> remove() {
        List<String> removed = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> before = remaining();
            if (before.isEmpty()) {
                break;
            }
            if (runtime.available()) {
                runtime.listByLabel(OWNER_LABEL, owner).forEach(c -> runtime.remove(c.engineId()));
            }
            disks.sweep(disk -> false, disk -> false);
            if (disks instanceof LoopDisks loop) {
                new LoopDiskSnapshots(loop).sweep(snapshot -> false);
            }
            if (runtime.available()) {
                runtime.volumesByLabel(OWNER_LABEL, owner).forEach(runtime::removeVolume);
                runtime.networksByLabel(OWNER_LABEL, owner).forEach(runtime::removeNetwork);
            }
            datapath.removeAll();
            before.stream().filter(line -> !removed.contains(line)).forEach(removed::add);
        }
        List<String> left = remaining();
        if (!left.isEmpty()) {
            LOG.warn("could not remove every object of installation {}: {}", owner, left);
        }
        return removed;
    }

    /** Every object of this installation outside the database, one line each: empty when nothing is left. */
    public List<String> remaining() {
        List<String> out = new ArrayList<>();
        if (runtime.available()) {
            runtime.listByLabel(OWNER_LABEL, owner).forEach(c -> out.add("engine container " + c.name()));
            runtime.volumesByLabel(OWNER_LABEL, owner).forEach(v -> out.add("engine volume " + v));
            runtime.networksByLabel(OWNER_LABEL, owner).forEach(n -> out.add("engine network " + n));
        }
        out.addAll(datapath.artefacts());
        if (disks instanceof LoopDisks loop) {
            for (String folder : List.of("images", "snapshots", "mnt")) {
                filesIn(loop.root().resolve(folder)).forEach(f -> out.add("disk file " + f));
            }
        }
        return out;
    }

    private static List<Path> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Deletes a folder and all it holds (nothing when it does not exist). */
    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
