package nc.runtime.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Consumer;

/** Disk files that cost only what was written: made all holes, copied keeping their holes, grown with new holes. */
final class SparseFiles {
    /** The suffix of a file being made: whatever bears it after a crash is half made. */
    static final String PARTIAL = ".new";
    /** Copying skips the holes, so even a large disk takes little; this is only a guard against a hung copy. */
    private static final Duration COPY_LIMIT = Duration.ofHours(1);

    private SparseFiles() {
    }

    /**
     * Makes {@code file} under its partial name first and names it only once it is whole, so that a
     * file under its name is always complete; a failure leaves nothing behind.
     */
    static void makeWhole(Path file, Consumer<Path> make) {
        Path partial = partial(file);
        try {
            Files.deleteIfExists(partial);
            make.accept(partial);
            Files.move(partial, file);
        } catch (IOException e) {
            throw discarding(partial, new UncheckedIOException("cannot make " + file, e));
        } catch (RuntimeException e) {
            throw discarding(partial, e);
        }
    }

    /** Where {@link #makeWhole} makes the file. */
    static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL);
    }

    private static RuntimeException discarding(Path partial, RuntimeException failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
        return failure;
    }

    /** A new file of {@code size} bytes, all holes, readable by root alone; it must not exist. */
    static void create(Path file, long size) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        growTo(file, size);
    }

    /**
     * Copies {@code from} to a new file {@code to}, readable by root alone. Runs of zeros become
     * holes, and where the filesystem shares blocks between files (xfs, btrfs) nothing is copied.
     */
    static void copy(Path from, Path to) {
        HostCommand.execute(COPY_LIMIT, "cp", "--sparse=always", "--reflink=auto", from.toString(), to.toString()).orThrow();
        try {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + to, e);
        }
    }

    /** Makes the file {@code size} bytes long when it is shorter; what it gains is a hole. */
    static void growTo(Path file, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() < size) {
                f.setLength(size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow " + file + " to " + size + " bytes", e);
        }
    }
}
