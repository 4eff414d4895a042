package nc.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases in the database, so that work that must happen once among replicas is done by one at a
 * time. This server tries to take or renew each lease it wants every {@link #RENEW_EVERY}; a lease
 * is good for {@link #TTL} from its last renewal, so when its holder dies (even by SIGKILL) another
 * server takes it over within TTL + RENEW_EVERY (13 s). This server counts a lease as its own only
 * until {@link #MARGIN} before it would expire, so two servers never both count it theirs.
 */
public final class Leases implements AutoCloseable {
    static final Duration TTL = Duration.ofSeconds(10);
    static final Duration RENEW_EVERY = Duration.ofSeconds(3);
    static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final String self;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Until when (epoch ms, this server's clock, margin taken off) each wanted lease is this server's. */
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nc-leases");
        t.setDaemon(true);
        return t;
    });

    /** A lease as the database has it. */
    public record Lease(String name, String holder, long expiresAtMs) {
    }

    /** @param self this server's holder id: the same across its restarts, so that a restarted server has its leases back at once */
    public Leases(Jdbi jdbi, Clock clock, String self) {
        this.jdbi = jdbi;
        this.self = self;
        this.clock = clock;
        renewer.scheduleWithFixedDelay(this::renewAll, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This server's id as a lease holder. */
    public String self() {
        return self;
    }

    /** True while this server holds the lease; the first call for a name starts wanting it (and tries at once). */
    public boolean held(String name) {
        if (wanted.add(name)) {
            renew(name);
        }
        return heldUntil.getOrDefault(name, 0L) > clock.millis();
    }

    public List<Lease> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, holder, expires_at_ms FROM leases ORDER BY name")
                .map((rs, ctx) -> new Lease(rs.getString("name"), rs.getString("holder"), rs.getLong("expires_at_ms"))).list());
    }

    private void renewAll() {
        wanted.forEach(this::renew);
    }

    private void renew(String name) {
        long now = clock.millis();
        long expires = now + TTL.toMillis();
        try {
            boolean mine = jdbi.withHandle(h -> h.createUpdate("UPDATE leases SET holder = :me, expires_at_ms = :e"
                            + " WHERE name = :n AND (holder = :me OR expires_at_ms <= :now)")
                    .bind("me", self).bind("e", expires).bind("n", name).bind("now", now).execute()) == 1;
            if (!mine) {
                mine = insert(name, expires);
            }
            boolean was = heldUntil.getOrDefault(name, 0L) > now;
            heldUntil.put(name, mine ? expires - MARGIN.toMillis() : 0L);
            if (mine != was) {
                LOG.info("lease {} {} by {}", name, mine ? "taken" : "lost", self);
            }
        } catch (RuntimeException e) {
            // the database is unreachable: the lease is no longer known to be ours
            heldUntil.put(name, 0L);
            LOG.warn("lease {} not renewed: {}", name, e.getMessage());
        }
    }

    private boolean insert(String name, long expires) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO leases (name, holder, expires_at_ms) VALUES (:n, :me, :e)")
                    .bind("n", name).bind("me", self).bind("e", expires).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (UniqueViolation.is(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Stops renewing and gives the leases up, so that another server takes them over at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        for (String name : wanted) {
            try {
                jdbi.useHandle(h -> h.createUpdate("UPDATE leases SET expires_at_ms = 0 WHERE name = :n AND holder = :me")
                        .bind("n", name).bind("me", self).execute());
            } catch (RuntimeException e) {
                // it expires on its own
            }
        }
        heldUntil.clear();
    }
}
