package nc.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import nc.store.UniqueViolation;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
 * better: H2 writes its commits to the file in the background too.
 */
public final class UsedNonces {
    private static final long SWEEP_EVERY = 4096;
    private final Jdbi jdbi;
    private final Clock clock;
    private final long retainMillis;
    private final AtomicLong insertions = new AtomicLong();
    private final boolean postgres;

    public UsedNonces(Jdbi jdbi, Clock clock, Duration dateWindow) {
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
    }

    /** True the first time a pair is seen within the window (by any replica), false for a replay. */
    public boolean firstUse(String accessKey, String nonce) {
        String hash = hash(accessKey, nonce);
        long now = clock.millis();
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
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM used_nonces WHERE expires_at_ms <= :now").bind("now", now).execute());
        }
        return fresh;
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
