package nc.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import nc.store.PrivateFiles;

/**
 * The append-only files that keep the nonce pairs {@link UsedNonces} has accepted but not yet
 * committed to the embedded database. A pair is appended (one {@code write}, no fsync) before its
 * request is answered, so that a server killed right after still refuses its replay after the
 * restart: the same guarantee as the embedded database's own commits ({@code WRITE_DELAY=0}, in the
 * operating system's file cache). A record is the pair's SHA-256 (32 bytes) and its expiry (8
 * bytes, epoch milliseconds); a torn last record is ignored. Not thread-safe: the caller locks.
 */
final class NonceJournal implements AutoCloseable {
    static final int RECORD_BYTES = 40;
    private static final String PREFIX = "nonces-";
    private static final String SUFFIX = ".journal";

    private final Path folder;
    private long sequence;
    private Path current;
    private FileChannel channel;

    /** Opens the folder's journals: {@code recovered} gets every record of the files left there (they stay until deleted). */
    NonceJournal(Path folder, BiConsumer<String, Long> recovered) {
        this.folder = folder;
        PrivateFiles.createFolder(folder);
        for (Path file : files()) {
            sequence = Math.max(sequence, sequenceOf(file));
            read(file, recovered);
        }
    }

    /** The journal files in the folder, oldest first. */
    List<Path> files() {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> sequenceOf(p) >= 0)
                    .sorted(java.util.Comparator.comparingLong(NonceJournal::sequenceOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the nonce journals in " + folder, e);
        }
    }

    /** Appends one pair; when it fails, the next append starts a new file (a torn record ends the old one). */
    void append(String hashHex, long expiresAtMs) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        record.put(HexFormat.of().parseHex(hashHex)).putLong(expiresAtMs).flip();
        try {
            if (channel == null) {
                sequence++;
                current = folder.resolve(PREFIX + sequence + SUFFIX);
                channel = PrivateFiles.newAppendChannel(current);
            }
            while (record.hasRemaining()) {
                channel.write(record);
            }
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot record a nonce in " + folder, e);
        }
    }

    /** Ends the current file (the next append starts a new one) and returns it; null when nothing was appended since the last end. */
    Path end() {
        Path ended = current;
        closeQuietly();
        return ended;
    }

    /** Removes journal files whose pairs the database now holds. */
    void delete(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the nonce journal " + file, e);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the records written so far are in the file; nothing more to do
            }
        }
        channel = null;
        current = null;
    }

    private static void read(Path file, BiConsumer<String, Long> recovered) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the nonce journal " + file, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] hash = new byte[32];
        while (in.remaining() >= RECORD_BYTES) {
            in.get(hash);
            recovered.accept(HexFormat.of().formatHex(hash), in.getLong());
        }
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
