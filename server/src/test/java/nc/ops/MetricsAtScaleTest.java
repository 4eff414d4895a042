package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.account.IssuedKey;
import nc.network.DefaultNetwork;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/** /metrics with 200 containers (on the fake runtime): every one counted by status, and the scrape time measured. */
class MetricsAtScaleTest {
    private static final int CONTAINERS = 200;

    @Test
    void twoHundredContainersAreCountedAndTheScrapeStaysQuick() {
        try (TestServer server = TestServer.start(TestDatabase.H2, c -> c, new FakeRuntime())) {
            IssuedKey key = server.server().createdDefaultAccount();
            ApiResponse raised = server.admin().patch("/admin/accounts/" + key.accountId(), "{\"quotas\":{\"container\":" + CONTAINERS + "}}");
            assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
            SignedClient client = server.client();
            DefaultNetwork network = server.server().createdDefaultNetwork();
            String body = Containers.forFakeRuntime(network, 100);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CONTAINERS / 100; i++) {
                ApiResponse created = client.post("/v1/regions/cn-north-1/containers", body);
                assertThat(created.status()).as(created.toString()).isEqualTo(200);
                created.result().path("containerIds").forEach(id -> ids.add(id.asText()));
            }
            assertThat(ids).hasSize(CONTAINERS);

            int port = server.server().port();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    Plain.sample(Plain.get(port, "/metrics").body(), "nc_containers", Map.of("status", "running")) == CONTAINERS);
            long best = Long.MAX_VALUE;
            String scrape = null;
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                scrape = Plain.get(port, "/metrics").body();
                best = Math.min(best, System.nanoTime() - started);
            }
            System.out.printf("metrics scrape with %d containers: %.1f ms (best of 5), %d bytes%n", CONTAINERS, best / 1e6, scrape.length());
            assertThat(Plain.sample(scrape, "nc_containers", Map.of("status", "pending"))).isZero();
            assertThat(Plain.sample(scrape, "nc_container_start_seconds_count", Map.of())).isEqualTo(CONTAINERS);
            assertThat(Plain.sample(scrape, "nc_requests_seconds_count", Map.of("operation", "createContainers", "status", "200")))
                    .isEqualTo(CONTAINERS / 100);
            assertThat(best).as("a scrape takes well under a second").isLessThan(Duration.ofSeconds(1).toNanos());
        }
    }
}
