package nc.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers (access key, nonce) pairs for as long as a request carrying them could still pass
 * the date check, so a captured request cannot be replayed (docs/api/nc.md §2.3 step 7).
 */
public final class NonceCache {
    private static final long SWEEP_EVERY = 4096;
    private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicLong insertions = new AtomicLong();
    private final Clock clock;
    private final long retainMillis;

    public NonceCache(Clock clock, Duration dateWindow) {
        this.clock = clock;
        this.retainMillis = dateWindow.multipliedBy(2).toMillis();
    }

    /** True the first time a pair is seen within the window, false for a replay. */
    public boolean firstUse(String accessKey, String nonce) {
        long now = clock.millis();
        String key = accessKey + '\n' + nonce;
        boolean[] fresh = {false};
        expiries.compute(key, (k, expiry) -> {
            if (expiry == null || expiry <= now) {
                fresh[0] = true;
                return now + retainMillis;
            }
            return expiry;
        });
        if (fresh[0] && insertions.incrementAndGet() % SWEEP_EVERY == 0) {
            expiries.values().removeIf(expiry -> expiry <= now);
        }
        return fresh[0];
    }
}
