package nc.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of {@link LoopDisks}: each a sparse copy of its disk's file, {@code snapshots/<snapshotId>.img}
 * under the disks' folder, from which new disks are copied in turn. A copy costs what the disk
 * holds, not its size. Every step is idempotent: a file under its name is always whole.
 */
public final class LoopDiskSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(LoopDiskSnapshots.class);
    private static final String IMAGE_SUFFIX = ".img";

    private final LoopDisks disks;
    private final Path folder;

    public LoopDiskSnapshots(LoopDisks disks) {
        this.disks = disks;
        try {
            this.folder = Files.createDirectories(disks.root().resolve("snapshots"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot folder under " + disks.root(), e);
        }
    }

    /** The snapshot's file. */
    public Path image(String snapshotId) {
        return disks.snapshotImage(snapshotId);
    }

    /**
     * Copies the disk, as it is now, into the snapshot; a mounted disk's filesystem is frozen for
     * the copy, so the snapshot holds every write acknowledged before it. A disk never attached
     * yet is blank: its file is made first.
     */
    public void take(String diskId, int sizeGb, String snapshotId) {
        Path target = image(snapshotId);
        if (Files.exists(target)) {
            return;
        }
        disks.create(diskId, sizeGb);
        disks.whileUnchanging(diskId, source -> SparseFiles.makeWhole(target, partial -> SparseFiles.copy(source, partial)));
        LOG.debug("snapshot {} of disk {} taken", snapshotId, diskId);
    }

    /** Makes the new disk's file as a copy of the snapshot, of the disk's size (at least the snapshot's). */
    public void restore(String snapshotId, String diskId, int sizeGb) {
        try {
            disks.createFrom(diskId, sizeGb, image(snapshotId));
        } catch (RuntimeFailure e) {
            throw new RuntimeFailure("disk " + diskId + " from snapshot " + snapshotId + ": " + e.getMessage(), e);
        }
    }

    public void delete(String snapshotId) {
        LoopDisks.deleteQuietly(SparseFiles.partial(image(snapshotId)));
        try {
            Files.deleteIfExists(image(snapshotId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove snapshot " + snapshotId, e);
        }
    }

    /**
     * At start, before any snapshot is taken: removes the files of snapshots that no longer
     * {@code exist} and those a crash left half made, and thaws the disks a crash left frozen.
     */
    public void sweep(Predicate<String> exists) {
        disks.thawAll();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SparseFiles.PARTIAL)) {
                    LoopDisks.deleteQuietly(file);
                } else if (name.endsWith(IMAGE_SUFFIX) && !exists.test(name.substring(0, name.length() - IMAGE_SUFFIX.length()))) {
                    LOG.info("snapshot {} no longer exists: removing its file", name);
                    LoopDisks.deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
