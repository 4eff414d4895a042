package nc.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that hold credentials: created owner-only from the start (the permission is
 * given when the file is made, never set afterwards), and replaced whole, so that no reader ever
 * sees a file half-written or, even for a moment, open to others.
 */
public final class PrivateFiles {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {
    }

    /** Writes the file owner-only: a new file made rw------- in the same folder, then moved over the old one. */
    public static void write(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path fresh = Files.createTempFile(dir, "." + file.getFileName(), ".new", OWNER_FILE);
            try {
                Files.write(fresh, content.getBytes(StandardCharsets.UTF_8));
                Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(fresh);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A new owner-only (rw-------) file, opened for appending; fails when the file exists. */
    public static java.nio.channels.FileChannel newAppendChannel(Path file) throws IOException {
        return java.nio.channels.FileChannel.open(file, Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND), OWNER_FILE);
    }

    /** Creates the folder (and missing parents) owner-only; an existing folder is left as it is. */
    public static void createFolder(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(dir, OWNER_FOLDER);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // made by someone else in between: left as it is
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir, e);
        }
    }
}
