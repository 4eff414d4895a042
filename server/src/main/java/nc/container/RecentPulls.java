package nc.container;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pulls that just succeeded, per account, secret and image: the containers of one create share
 * the first one's pull. The key holds the account and secret, so one tenant never runs another
 * tenant's private image just because the host holds a copy; each (tenant, secret, image) proves
 * its credentials to the registry again after the window.
 */
final class RecentPulls {
    private final long windowNanos;
    private final Map<String, Long> pulledAt = new ConcurrentHashMap<>();

    RecentPulls(Duration window) {
        this.windowNanos = window.toNanos();
    }

    boolean fresh(String key) {
        Long at = pulledAt.get(key);
        return at != null && System.nanoTime() - at < windowNanos;
    }

    void record(String key) {
        long now = System.nanoTime();
        pulledAt.put(key, now);
        pulledAt.values().removeIf(at -> now - at >= windowNanos);
    }
}
