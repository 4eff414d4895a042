package nc.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import nc.runtime.DiskVolumes;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud disks as real block devices: each disk is a sparse file of its size (so it costs nothing
 * until written), attached to a loop device, formatted xfs or ext4 and mounted on the host while
 * attached, for the engine to bind into the container. A disk of N GiB holds N GiB; writing past
 * it fails with "No space left on device".
 *
 * <p>Under its folder: {@code images/<diskId>.img} (the disk), {@code mnt/<diskId>} (where it is
 * mounted while attached) and {@code format/<diskId>} (a format asked for its next attach);
 * {@link LoopDiskSnapshots} keeps the copies of disks in {@code snapshots/}. The
 * kernel's state (loop devices, mounts) is read back from the kernel every time, so a restarted
 * server takes over what the previous one left, and {@link #sweep} removes what nothing owns.
 *
 * <p>An empty mount folder is made immutable: a container the engine restarts before nc mounted
 * its disk (after a reboot) cannot write into the host's own filesystem in its place.
 */
public final class LoopDisks implements DiskVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(LoopDisks.class);
    private static final long GIB = 1L << 30;
    private static final String IMAGE_SUFFIX = ".img";
    private static final String[] TOOLS = {"losetup", "mount", "umount", "blkid", "mkfs.xfs", "mkfs.ext4", "xfs_growfs",
        "resize2fs", "fsfreeze", "cp"};

    private final Path root;
    private final Path images;
    private final Path mounts;
    private final Path formats;
    /** Work on one disk is serialised; a fixed set of locks, shared by disks whose ids hash alike. */
    private final Object[] locks = new Object[64];

    /** Disks under {@code root}, created when missing. */
    public LoopDisks(Path root) {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            // tenants' data: only root (nc, and the engine that binds the mounts) goes in
            Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
            this.images = Files.createDirectories(this.root.resolve("images"));
            this.mounts = Files.createDirectories(this.root.resolve("mnt"));
            this.formats = Files.createDirectories(this.root.resolve("format"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the disk folder " + root, e);
        }
    }

    /** Null when this machine can keep disks as loop devices, else why it cannot. */
    public static String unavailableBecause() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "loop devices and mounts need root (nc runs as uid " + uid + ")";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "not a Linux host (" + e.getMessage() + ")";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "the kernel offers no loop devices (/dev/loop-control)";
        }
        for (String tool : TOOLS) {
            if (!HostCommand.installed(tool)) {
                return tool + " is not installed (packages util-linux, mount, e2fsprogs, xfsprogs)";
            }
        }
        return null;
    }

    public Path root() {
        return root;
    }

    /** The disk's file. */
    public Path image(String diskId) {
        return images.resolve(checked(diskId) + IMAGE_SUFFIX);
    }

    /** A snapshot's file ({@link LoopDiskSnapshots}). */
    Path snapshotImage(String snapshotId) {
        return root.resolve("snapshots").resolve(checked(snapshotId) + IMAGE_SUFFIX);
    }

    /** Where the disk is mounted while attached. */
    public Path mountPoint(String diskId) {
        return mounts.resolve(checked(diskId));
    }

    @Override
    public Attached attach(Volume volume) {
        String id = volume.diskId();
        synchronized (lock(id)) {
            Path image = image(id);
            Path target = mountPoint(id);
            boolean format = Files.exists(formatMarker(id));
            Optional<Mounts.Mount> mounted = Mounts.at(target);
            if (mounted.isPresent() && !format) {
                return new Attached(id, target.toString(), true, false);
            }
            if (mounted.isPresent()) {
                Mounts.unmount(target);
            }
            boolean created;
            if (volume.snapshotId() != null && !Files.exists(image)) {
                // a container's new disk from a snapshot: its content, not a blank filesystem
                createFrom(id, volume.sizeGb(), snapshotImage(volume.snapshotId()));
                created = false;
            } else {
                created = createSparse(image, volume.sizeGb());
            }
            String device = LoopDevices.attach(image);
            boolean formatted = false;
            try {
                formatted = format || created || Filesystems.typeOf(device).isEmpty();
                if (formatted) {
                    Filesystems.make(device, volume.fsType());
                }
                makeMountPoint(target);
                Mounts.mount(device, volume.fsType(), target);
                if (!formatted) {
                    growQuietly(id, device, volume.fsType(), target);
                }
            } catch (RuntimeException e) {
                try {
                    LoopDevices.detach(device);
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw new RuntimeFailure("disk " + id + ": " + e.getMessage(), e);
            }
            deleteQuietly(formatMarker(id));
            LOG.debug("disk {} ({} GiB {}) on {} mounted at {}", id, volume.sizeGb(), volume.fsType(), device, target);
            return new Attached(id, target.toString(), true, true);
        }
    }

    /**
     * Makes the disk's file ahead of its first attach: all holes, of its full size, without a
     * filesystem (its first attach formats it with the filesystem the container asks for).
     * Nothing changes when the file exists already.
     */
    public void create(String diskId, int sizeGb) {
        synchronized (lock(diskId)) {
            createSparse(image(diskId), sizeGb);
        }
    }

    /**
     * Makes the disk's file as a copy of {@code content} (a snapshot's file), grown to the disk's
     * size; the filesystem in it grows at attach. Nothing changes when the file exists already; a
     * failed copy leaves nothing behind.
     */
    void createFrom(String diskId, int sizeGb, Path content) {
        synchronized (lock(diskId)) {
            Path image = image(diskId);
            if (Files.exists(image)) {
                return;
            }
            if (!Files.exists(content)) {
                throw new RuntimeFailure(content + " is missing");
            }
            SparseFiles.makeWhole(image, partial -> {
                SparseFiles.copy(content, partial);
                SparseFiles.growTo(partial, sizeGb * GIB);
            });
        }
    }

    /**
     * Runs {@code work} on the disk's file while nothing changes it: no attach or detach meanwhile,
     * and the filesystem frozen while it is mounted, so that a copy is what a crash would have left
     * on the device at that moment, with every write the filesystem had acknowledged.
     */
    void whileUnchanging(String diskId, Consumer<Path> work) {
        synchronized (lock(diskId)) {
            Path target = mountPoint(diskId);
            boolean mounted = Mounts.at(target).isPresent();
            if (mounted) {
                Filesystems.freeze(target);
            }
            try {
                work.accept(image(diskId));
            } finally {
                if (mounted) {
                    Filesystems.thaw(target).orThrow();
                }
            }
        }
    }

    /** A server killed while it copied a mounted disk left its filesystem frozen: every mounted disk is thawed. */
    void thawAll() {
        for (String id : names(mounts, "")) {
            synchronized (lock(id)) {
                Path target = mounts.resolve(id);
                if (Mounts.at(target).isPresent()) {
                    Filesystems.thaw(target);
                }
            }
        }
    }

    @Override
    public void formatOnNextAttach(String diskId) {
        try {
            Files.writeString(formatMarker(diskId), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the format of " + diskId, e);
        }
    }

    @Override
    public void detach(String diskId) {
        synchronized (lock(diskId)) {
            Path target = mountPoint(diskId);
            while (Mounts.at(target).isPresent()) {
                Mounts.unmount(target);
            }
            for (LoopDevices.Loop loop : LoopDevices.of(image(diskId))) {
                LoopDevices.detach(loop.device());
            }
            removeMountPoint(target);
            deleteQuietly(formatMarker(diskId));
        }
    }

    @Override
    public void destroy(String diskId) {
        synchronized (lock(diskId)) {
            detach(diskId);
            deleteQuietly(image(diskId));
        }
    }

    @Override
    public void sweep(Predicate<String> exists, Predicate<String> inUse) {
        for (String id : known()) {
            synchronized (lock(id)) {
                if (!exists.test(id)) {
                    LOG.info("disk {} no longer exists: removing its file, loop device and mount", id);
                    destroy(id);
                } else if (!inUse.test(id) && (attached(id) || Files.exists(mountPoint(id)) || Files.exists(formatMarker(id)))) {
                    LOG.info("disk {} is attached to no container: unmounting it", id);
                    detach(id);
                }
            }
        }
        // files a crash left half made; one being copied now is finished (and renamed) before its lock is free
        for (String id : names(images, IMAGE_SUFFIX + SparseFiles.PARTIAL)) {
            synchronized (lock(id)) {
                deleteQuietly(SparseFiles.partial(images.resolve(id + IMAGE_SUFFIX)));
            }
        }
    }

    /** Disks this folder holds anything of: a file, a mount folder, a mount or a loop device. */
    Set<String> known() {
        Set<String> ids = new TreeSet<>();
        ids.addAll(names(images, IMAGE_SUFFIX));
        ids.addAll(names(mounts, ""));
        ids.addAll(names(formats, ""));
        Mounts.under(mounts).forEach(m -> ids.add(mounts.relativize(m.target()).getName(0).toString()));
        LoopDevices.list().stream().map(LoopDevices.Loop::backingFile)
                .filter(f -> images.equals(f.getParent()) && f.getFileName().toString().endsWith(IMAGE_SUFFIX))
                .forEach(f -> ids.add(stripSuffix(f.getFileName().toString(), IMAGE_SUFFIX)));
        return ids;
    }

    /** True while the disk has a loop device or a mount. */
    public boolean attached(String diskId) {
        return Mounts.at(mountPoint(diskId)).isPresent() || !LoopDevices.of(image(diskId)).isEmpty();
    }

    /** A new file of the disk's size, all holes; false when it exists already. A smaller one grows to the size. */
    private static boolean createSparse(Path image, int sizeGb) {
        long size = sizeGb * GIB;
        if (Files.exists(image)) {
            // the disk was extended: the device grows, its filesystem at its next attach
            SparseFiles.growTo(image, size);
            return false;
        }
        SparseFiles.makeWhole(image, partial -> SparseFiles.create(partial, size));
        return true;
    }

    /** A grown filesystem is a convenience: the disk works at its old size when the host refuses to grow it. */
    private static void growQuietly(String diskId, String device, String fsType, Path target) {
        try {
            Filesystems.grow(device, fsType, target);
        } catch (RuntimeException e) {
            LOG.warn("disk {} keeps the size of its filesystem: {}", diskId, e.getMessage());
        }
    }

    private static void makeMountPoint(Path target) {
        if (Files.isDirectory(target)) {
            return;
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        // best effort: not every filesystem knows the immutable attribute
        HostCommand.Result immutable = chattr("+i", target);
        if (!immutable.ok()) {
            LOG.debug("{} stays writable while unmounted: {}", target, immutable.stderr().strip());
        }
    }

    private static void removeMountPoint(Path target) {
        if (!Files.isDirectory(target)) {
            return;
        }
        chattr("-i", target);
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", target, e.getMessage());
        }
    }

    private static HostCommand.Result chattr(String flag, Path target) {
        if (!HostCommand.installed("chattr")) {
            return new HostCommand.Result(java.util.List.of("chattr"), 127, "", "chattr is not installed");
        }
        return HostCommand.execute(HostCommand.DEFAULT_LIMIT, "chattr", flag, target.toString());
    }

    private Path formatMarker(String diskId) {
        return formats.resolve(checked(diskId));
    }

    private Object lock(String diskId) {
        return locks[Math.floorMod(diskId.hashCode(), locks.length)];
    }

    private static Set<String> names(Path dir, String suffix) {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(suffix)) {
                    names.add(stripSuffix(name, suffix));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return names;
    }

    private static String stripSuffix(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    /** Disk (and snapshot) ids become file names: nothing that could leave the folder. */
    static String checked(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("not a disk or snapshot id: " + id);
        }
        return id;
    }
}
