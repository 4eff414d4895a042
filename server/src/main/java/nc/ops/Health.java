package nc.ops;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependencies nc needs, each with a probe. A required one that is down makes the whole
 * service down (503 on {@code /_nc/health}); an optional one can only be degraded. Probes run
 * side by side, each within {@link #TIMEOUT_SECONDS}; a probe that throws or does not answer is down.
 */
public final class Health implements AutoCloseable {
    static final int TIMEOUT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    public enum Status {
        UP, DEGRADED, DOWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one probe found; {@code detail} is for people (may be null). */
    public record Result(Status status, String detail) {
        public static Result up(String detail) {
            return new Result(Status.UP, detail);
        }

        public static Result degraded(String detail) {
            return new Result(Status.DEGRADED, detail);
        }

        public static Result down(String detail) {
            return new Result(Status.DOWN, detail);
        }
    }

    @FunctionalInterface
    public interface Probe {
        Result probe();
    }

    /** One check's outcome in a report. */
    public record Entry(boolean required, Result result) {
    }

    /** Every check's outcome; {@code serving} is false when a required one is down. */
    public record Report(Map<String, Entry> checks) {
        public boolean serving() {
            return checks.values().stream().noneMatch(e -> e.required() && e.result().status() == Status.DOWN);
        }

        public Status status() {
            if (!serving()) {
                return Status.DOWN;
            }
            return checks.values().stream().allMatch(e -> e.result().status() == Status.UP) ? Status.UP : Status.DEGRADED;
        }
    }

    private record Check(boolean required, Probe probe) {
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nc-health-probe");
        t.setDaemon(true);
        return t;
    });

    /** Adds a check, or replaces the one of that name (for example a network datapath's own). */
    public synchronized Health set(String name, boolean required, Probe probe) {
        checks.put(name, new Check(required, probe));
        return this;
    }

    public Report check() {
        Map<String, Check> now;
        synchronized (this) {
            now = new LinkedHashMap<>(checks);
        }
        Map<String, CompletableFuture<Result>> running = new LinkedHashMap<>();
        now.forEach((name, c) -> running.put(name, CompletableFuture.supplyAsync(c.probe()::probe, probes)));
        Map<String, Entry> entries = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        running.forEach((name, future) -> entries.put(name, new Entry(now.get(name).required(), await(name, future, deadline))));
        return new Report(entries);
    }

    private static Result await(String name, CompletableFuture<Result> future, long deadline) {
        try {
            Result r = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return r == null ? Result.down("the probe gave no result") : r;
        } catch (TimeoutException e) {
            future.cancel(true);
            return Result.down("no answer within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            LOG.warn("health probe {} failed", name, e.getCause());
            return Result.down(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down("interrupted");
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
