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
 */
public final class UsedNonces {
    private static final long SWEEP_EVERY = 4096;
    private final Jdbi jdbi;
    private final Clock clock;
    private final long retainMillis;
    private final AtomicLong insertions = new AtomicLong();

    public UsedNonces(Jdbi jdbi, Clock clock, Duration dateWindow) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retainMillis = dateWindow.multipliedBy(2).toMillis();
    }

    /** True the first time a pair is seen within the window (by any replica), false for a replay. */
    public boolean firstUse(String accessKey, String nonce) {
        String hash = hash(accessKey, nonce);
        long now = clock.millis();
        boolean fresh;
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO used_nonces (nonce_hash, expires_at_ms) VALUES (:h, :e)")
                    .bind("h", hash).bind("e", now + retainMillis).execute());
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
