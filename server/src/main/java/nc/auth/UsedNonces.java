package nc.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import nc.store.UniqueViolation;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers (access key, nonce) pairs in the database for as long as a request carrying them could
 * still pass the date check, so that a captured request cannot be replayed (docs/api/nc.md §2.3 step 7),
 * to this server or to any other replica on the same database. A pair is stored as its SHA-256:
 * fixed size whatever the client sends, and the access key is not written down again.
 *
 * <p>On PostgreSQL a pair is committed without waiting for the WAL to reach the disk
 * ({@code synchronous_commit = off} for that transaction only): every replica sees it at once, as
 * with any commit, and a request no longer waits for an fsync (about 5 ms, the most of what a
 * signed read cost across replicas). What it gives up: if PostgreSQL itself crashes, the pairs of
 * the last moment before the crash (at most about 3 × {@code wal_writer_delay}, 600 ms by default)
 * may be lost, so a request captured then could be replayed once after PostgreSQL restarted, within
 * its date window. An nc replica's crash loses nothing. One server on H2 keeps its pairs no
 * better: its commits, too, reach the file without an fsync.
 *
 * <p>On the embedded H2 database (one server holds it: H2 locks the file) a commit costs more CPU
 * than the rest of a signed read together (H2 writes a new chunk of the file for every commit,
 * {@code WRITE_DELAY=0}). There ({@link #journaled}) a pair is checked against the table and the
 * pairs accepted since the last commit, appended to a {@link NonceJournal} before the request is
 * answered, and the pairs are committed to the table together, at most {@value #BATCH} or
 * {@value #BATCH_MILLIS} ms at a time (by the request that finds them due); the journal's files are
 * committed at the next start when the server was killed before. Memory stays bounded by the batch.
 */
public final class UsedNonces implements AutoCloseable {
    private static final long SWEEP_EVERY = 4096;
    static final int BATCH = 512;
    static final long BATCH_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(UsedNonces.class);
    private final Jdbi jdbi;
    private final Clock clock;
    private final long retainMillis;
    private final AtomicLong insertions = new AtomicLong();
    private final boolean postgres;
    /** Null: every pair is committed to the database before its request is answered. */
    private final NonceJournal journal;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock committing = new ReentrantLock();
    /** Accepted, in the journal, not yet committed: pair hash to expiry (guarded by lock). */
    private Map<String, Long> accepted = new HashMap<>();
    /** The batch being committed; still refused until the table holds it (guarded by lock). */
    private Map<String, Long> inCommit = Map.of();
    /** Journal files whose pairs are not in the table yet (guarded by lock). */
    private final List<Path> uncommittedFiles = new ArrayList<>();
    private long acceptedSince;

    /** Every pair committed to the database before its request is answered: for a database replicas share. */
    public UsedNonces(Jdbi jdbi, Clock clock, Duration dateWindow) {
        this(jdbi, clock, dateWindow, null);
    }

    /** For the embedded database only this server opens: pairs journaled in {@code folder}, committed in batches. */
    public static UsedNonces journaled(Jdbi jdbi, Clock clock, Duration dateWindow, Path folder) {
        return new UsedNonces(jdbi, clock, dateWindow, folder);
    }

    private UsedNonces(Jdbi jdbi, Clock clock, Duration dateWindow, Path folder) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retainMillis = dateWindow.multipliedBy(2).toMillis();
        this.postgres = jdbi.withHandle(h -> {
            try {
                return h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot tell which database this is", e);
            }
        });
        if (folder == null) {
            this.journal = null;
        } else {
            // what a killed server had accepted: into the table before the first request is checked
            Map<String, Long> recovered = new HashMap<>();
            this.journal = new NonceJournal(folder, (hash, expires) -> recovered.merge(hash, expires, Math::max));
            List<Path> files = journal.files();
            store(recovered);
            journal.delete(files);
        }
    }

    /** True the first time a pair is seen within the window (by any replica), false for a replay. */
    public boolean firstUse(String accessKey, String nonce) {
        String hash = hash(accessKey, nonce);
        long now = clock.millis();
        if (journal != null) {
            return firstUseJournaled(hash, now);
        }
        boolean fresh;
        try {
            if (postgres) {
                jdbi.useTransaction(h -> {
                    h.execute("SET LOCAL synchronous_commit TO OFF");
                    insert(h, hash, now);
                });
            } else {
                jdbi.useHandle(h -> insert(h, hash, now));
            }
            fresh = true;
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            // seen before: fresh again only if that use has expired (and no other request took it back first)
            fresh = jdbi.withHandle(h -> h.createUpdate("UPDATE used_nonces SET expires_at_ms = :e"
                            + " WHERE nonce_hash = :h AND expires_at_ms <= :now")
                    .bind("h", hash).bind("e", now + retainMillis).bind("now", now).execute()) == 1;
        }
        if (fresh && insertions.incrementAndGet() % SWEEP_EVERY == 0) {
            jdbi.useHandle(h -> sweep(h, now));
        }
        return fresh;
    }

    private boolean firstUseJournaled(String hash, long now) {
        boolean fresh;
        boolean due;
        lock.lock();
        try {
            // checked and recorded under one lock: of two requests with one nonce, one is refused
            fresh = !accepted.containsKey(hash) && !inCommit.containsKey(hash) && !unexpiredInTable(hash, now);
            if (fresh) {
                long expires = now + retainMillis;
                journal.append(hash, expires);
                if (accepted.isEmpty()) {
                    acceptedSince = now;
                }
                accepted.put(hash, expires);
            }
            due = accepted.size() >= BATCH || (!accepted.isEmpty() && now - acceptedSince >= BATCH_MILLIS);
        } finally {
            lock.unlock();
        }
        if (due) {
            commitAccepted();
        }
        return fresh;
    }

    private boolean unexpiredInTable(String hash, long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT expires_at_ms FROM used_nonces WHERE nonce_hash = :h")
                .bind("h", hash).mapTo(Long.class).findOne()).filter(expires -> expires > now).isPresent();
    }

    /** Commits the accepted pairs to the table (one transaction) and drops their journal files; one caller at a time. */
    private void commitAccepted() {
        if (!committing.tryLock()) {
            return;
        }
        try {
            Map<String, Long> batch;
            List<Path> files;
            lock.lock();
            try {
                if (accepted.isEmpty()) {
                    return;
                }
                batch = accepted;
                inCommit = batch;
                accepted = new HashMap<>();
                Path ended = journal.end();
                if (ended != null) {
                    uncommittedFiles.add(ended);
                }
                files = List.copyOf(uncommittedFiles);
            } finally {
                lock.unlock();
            }
            boolean stored = false;
            try {
                store(batch);
                stored = true;
            } catch (RuntimeException e) {
                // still refused: back among the accepted pairs, still in their journal files, committed next time
                LOG.error("could not commit {} used nonces; they stay in the journal", batch.size(), e);
            } finally {
                lock.lock();
                try {
                    if (!stored) {
                        batch.forEach(accepted::putIfAbsent);
                    }
                    inCommit = Map.of();
                    if (stored) {
                        uncommittedFiles.removeAll(files);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (stored) {
                try {
                    journal.delete(files);
                } catch (java.io.UncheckedIOException e) {
                    // the table holds their pairs: read again at the next start, they change nothing
                    LOG.warn("could not delete committed nonce journals", e);
                }
            }
        } finally {
            committing.unlock();
        }
    }

    /** Writes pairs into the table in one transaction; a row the pair already has keeps the later expiry. */
    private void store(Map<String, Long> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            PreparedBatch merge = h.prepareBatch("MERGE INTO used_nonces t USING (VALUES (CAST(:h AS CHAR(64)), CAST(:e AS BIGINT)))"
                    + " s (nonce_hash, expires_at_ms) ON t.nonce_hash = s.nonce_hash"
                    + " WHEN MATCHED THEN UPDATE SET expires_at_ms = GREATEST(t.expires_at_ms, s.expires_at_ms)"
                    + " WHEN NOT MATCHED THEN INSERT (nonce_hash, expires_at_ms) VALUES (s.nonce_hash, s.expires_at_ms)");
            pairs.forEach((hash, expires) -> {
                if (expires > now) {
                    merge.bind("h", hash).bind("e", expires).add();
                }
            });
            if (merge.size() > 0) {
                merge.execute();
            }
            long before = insertions.getAndAdd(pairs.size());
            if (before / SWEEP_EVERY != (before + pairs.size()) / SWEEP_EVERY) {
                sweep(h, now);
            }
        });
    }

    /** Commits what was accepted and closes the journal (on the journaled database; nothing to do otherwise). */
    @Override
    public void close() {
        if (journal == null) {
            return;
        }
        commitAccepted();
        lock.lock();
        try {
            journal.close();
        } finally {
            lock.unlock();
        }
    }

    /** Every {@value #SWEEP_EVERY} pairs, the expired ones are forgotten. */
    private static void sweep(org.jdbi.v3.core.Handle h, long now) {
        h.createUpdate("DELETE FROM used_nonces WHERE expires_at_ms <= :now").bind("now", now).execute();
    }

    private void insert(org.jdbi.v3.core.Handle h, String hash, long now) {
        h.createUpdate("INSERT INTO used_nonces (nonce_hash, expires_at_ms) VALUES (:h, :e)")
                .bind("h", hash).bind("e", now + retainMillis).execute();
    }

    private static String hash(String accessKey, String nonce) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(accessKey.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
