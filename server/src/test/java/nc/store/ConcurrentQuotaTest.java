package nc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Quota is checked in the create's own transaction: parallel creates never overshoot it. */
class ConcurrentQuotaTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void fiftyParallelCreatesAgainstAQuotaOfTwentyLeaveExactlyTwenty(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database)) {
            SignedClient client = server.client();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "parallel-" + i;
                calls.add(pool.submit(() -> {
                    go.await();
                    return client.post(SECRETS, Secrets.body(name));
                }));
            }
            go.countDown();
            int created = 0;
            int refused = 0;
            for (Future<ApiResponse> call : calls) {
                ApiResponse r = call.get();
                if (r.status() == 200) {
                    created++;
                } else {
                    assertThat(r.status()).as(r.toString()).isEqualTo(429);
                    assertThat(r.errorStatus()).isEqualTo("QUOTA_EXCEEDED");
                    refused++;
                }
            }
            pool.shutdown();
            assertThat(created).isEqualTo(20);
            assertThat(refused).isEqualTo(30);
            assertThat(client.get(SECRETS, Map.of("pageSize", "100")).result().path("totalCount").asInt()).isEqualTo(20);
            assertThat(client.get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "secret"))
                    .result().path("quota").path("used").asInt()).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void parallelCreatesOfOneNameMakeOneSecretAndConflicts(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database)) {
            SignedClient client = server.client();
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return client.post(SECRETS, Secrets.body("same-name"));
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResponse> call : calls) {
                statuses.add(call.get().status());
            }
            pool.shutdown();
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        }
    }
}
