package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nc.config.Config;
import nc.runtime.FakeRuntime;
import nc.runtime.RuntimeFailure;
import nc.store.Database;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.VpcNetwork;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.StreamClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The reconcile-error and WebSocket-session meters of /metrics move with what happens: a failed
 * datapath change, container work that fails while the engine is away, an attach session opened
 * and closed.
 */
class ReconcileAndSessionMetricsTest {

    @Test
    void aFailedDatapathChangeIsAReconcileError() throws Exception {
        Path dir = Files.createTempDirectory("nc-metrics");
        try (Database db = Database.open(Config.defaults(dir))) {
            Metrics metrics = new Metrics(new OpsRepository(db.jdbi()), Clock.systemUTC());
            assertThat(errors(metrics.scrape(), Metrics.DATAPATH)).as("present before any error").isZero();
            assertThat(metrics.scrape()).contains("nc_reconcile_errors_total{reconciler=\"datapath\"}");
            TenantNetwork counted = new CountedTenantNetwork(failing(), metrics);
            VpcNetwork vpc = new VpcNetwork("vpc-x", List.of(), List.of(), List.of(), false);
            assertThatThrownBy(() -> counted.apply(vpc, id -> 0L)).isInstanceOf(RuntimeFailure.class);
            assertThatThrownBy(counted::ensureHost).isInstanceOf(RuntimeFailure.class);
            assertThat(errors(metrics.scrape(), Metrics.DATAPATH)).isEqualTo(2);
            assertThat(errors(metrics.scrape(), Metrics.CONTAINER)).isZero();
        }
    }

    @Test
    void containerWorkThatFailsWhileTheEngineIsAwayIsAReconcileErrorOnMetrics() {
        FakeRuntime engine = new FakeRuntime();
        try (TestServer server = TestServer.start(TestDatabase.H2, c -> c, engine)) {
            int port = server.server().port();
            Containers containers = new Containers(server.client(), null, server.server().createdDefaultNetwork(), null);
            String id = containers.create(Containers.forFakeRuntime(server.server().createdDefaultNetwork(), 1)).get(0);
            containers.awaitRunning(id);
            double before = errors(Plain.get(port, "/metrics").body(), Metrics.CONTAINER);

            engine.setAvailable(false);
            ApiResponse deleted = containers.delete(id);
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> errors(Plain.get(port, "/metrics").body(), Metrics.CONTAINER) > before);
            engine.setAvailable(true);
            containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        }
    }

    @Test
    void anAttachSessionIsCountedWhileOpenAndAfter() {
        nc.testing.Engine engine = nc.testing.Engine.get();
        try (TestServer server = TestServer.start()) {
            int port = server.server().port();
            Containers containers = new Containers(server, engine);
            String id = containers.createOne("", "sleep");
            containers.awaitRunning(id);
            Map<String, String> attach = Map.of("operation", "attach");
            assertThat(Plain.sample(Plain.get(port, "/metrics").body(), "nc_websocket_sessions", attach)).isZero();

            try (StreamClient session = StreamClient.open(containers.client().service("nativecontainer"),
                    Containers.BASE + "/" + id + ":attach", Map.of())) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        Plain.sample(Plain.get(port, "/metrics").body(), "nc_websocket_sessions", attach) == 1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Plain.sample(Plain.get(port, "/metrics").body(), "nc_websocket_sessions", attach) == 0);
            assertThat(Plain.sample(Plain.get(port, "/metrics").body(), "nc_websocket_sessions_opened_total", attach)).isEqualTo(1);
            containers.deleteAll();
        }
    }

    private static double errors(String scrape, String reconciler) {
        return Plain.sample(scrape, "nc_reconcile_errors_total", Map.of("reconciler", reconciler));
    }

    /** A datapath whose apply and ensureHost fail (nothing else is asked of it here). */
    private static TenantNetwork failing() {
        return (TenantNetwork) java.lang.reflect.Proxy.newProxyInstance(TenantNetwork.class.getClassLoader(),
                new Class<?>[] {TenantNetwork.class}, (proxy, method, args) -> {
                    throw new RuntimeFailure("nft: the rule set did not load (" + method.getName() + ")");
                });
    }
}
