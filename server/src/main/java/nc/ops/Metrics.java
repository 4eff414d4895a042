package nc.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import nc.api.CompletedRequest;
import nc.api.WebSocketSessions;

/**
 * The meters behind {@code /metrics}: requests by operation and status, containers by status,
 * the time from createContainers to running, image pulls, reconcile errors (of the datapath and
 * of the container worker), WebSocket stream sessions by operation. Histograms have fixed buckets (the
 * service level objectives below), so a scrape stays small whatever the traffic.
 */
public final class Metrics implements CompletedRequest.Listener {
    /** The reconcilers whose errors are counted: tenant networks on the host, and work on containers. */
    public static final String DATAPATH = "datapath";
    public static final String CONTAINER = "container";

    private static final Duration[] REQUEST_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
    private static final Duration[] SLOW_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final java.util.Map<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final OpsRepository repository;
    private final Clock clock;
    private final MultiGauge containers;
    private final Timer containerStart;
    private final MultiGauge webSocketsOpen;
    private volatile WebSocketSessions webSockets;

    Metrics(OpsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        containers = MultiGauge.builder("nc.containers").description("containers by status, all accounts").register(registry);
        containerStart = Timer.builder("nc.container.start").description("from createContainers to running")
                .serviceLevelObjectives(SLOW_BUCKETS).register(registry);
        webSocketsOpen = MultiGauge.builder("nc.websocket.sessions").description("WebSocket stream sessions open now, by operation")
                .register(registry);
        reconcileError(DATAPATH, 0);
        reconcileError(CONTAINER, 0);
    }

    /** A reconcile of the datapath or a piece of container work failed (it is tried again). */
    public void reconcileError(String reconciler) {
        reconcileError(reconciler, 1);
    }

    private void reconcileError(String reconciler, int count) {
        Counter.builder("nc.reconcile.errors").description("failed reconciles, retried: datapath (tenant networks) and container (worker)")
                .tag("reconciler", reconciler).register(registry).increment(count);
    }

    /** The stream sessions to count at each scrape. */
    void webSockets(WebSocketSessions sessions) {
        this.webSockets = sessions;
    }

    @Override
    public void completed(CompletedRequest r) {
        String operation = r.operation() == null ? "unknown" : r.operation();
        // one timer per operation and status (a fixed set), looked up without building its id every request
        requestTimers.computeIfAbsent(operation + ' ' + r.status(), k -> Timer.builder("nc.requests")
                        .description("API requests by operation and HTTP status")
                        .tag("operation", operation)
                        .tag("status", Integer.toString(r.status()))
                        .serviceLevelObjectives(REQUEST_BUCKETS)
                        .register(registry))
                .record(r.nanos(), TimeUnit.NANOSECONDS);
    }

    /** A new container reached running for the first time. */
    public void containerRunning(Instant launchTime) {
        containerStart.record(Duration.between(launchTime, clock.instant()));
    }

    void imagePull(long nanos, boolean succeeded) {
        Timer.builder("nc.image.pull").description("image pulls from registries")
                .tag("outcome", succeeded ? "success" : "failure")
                .serviceLevelObjectives(SLOW_BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition, with the container counts read now. */
    public String scrape() {
        containers.register(repository.containersByStatus().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey().wire()), e.getValue()))
                .toList(), true);
        WebSocketSessions sessions = webSockets;
        if (sessions != null) {
            webSocketsOpen.register(sessions.open().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("operation", e.getKey()), e.getValue()))
                    .toList(), true);
            sessions.opened().forEach((operation, n) -> FunctionCounter.builder("nc.websocket.sessions.opened", sessions,
                    s -> s.opened().getOrDefault(operation, 0L)).description("WebSocket stream sessions opened since start, by operation")
                    .tag("operation", operation).register(registry));
        }
        return registry.scrape();
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return out;
    }
}
