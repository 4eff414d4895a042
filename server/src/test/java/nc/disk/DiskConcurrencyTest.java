package nc.disk;

import static nc.disk.DiskCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The disk quota and clientToken hold under parallel calls (checks and effect in one transaction), on H2 and PostgreSQL. */
class DiskConcurrencyTest {

    private static List<ApiResponse> inParallel(int count, Callable<ApiResponse> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiResponse>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return call.call();
            }));
        }
        go.countDown();
        List<ApiResponse> out = new ArrayList<>();
        for (Future<ApiResponse> f : calls) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void parallelCreatesNeverOvershootTheDiskQuota(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database, c -> c, new FakeRuntime(), new ScriptedProvisioner())) {
            DiskCalls disks = new DiskCalls(server.client());
            List<ApiResponse> answers = inParallel(20, () -> disks.createRaw(body("parallel", "ssd", 20, 3)));
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 429));
            assertThat(answers.stream().filter(r -> r.status() == 200).count()).isEqualTo(13);
            assertThat(disks.client().get(DiskCalls.DISKS).result().path("totalCount").asInt()).isEqualTo(39);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void parallelRetriesWithOneClientTokenCreateOnce(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database, c -> c, new FakeRuntime(), new ScriptedProvisioner())) {
            DiskCalls disks = new DiskCalls(server.client());
            ObjectNode body = body("once", "ssd", 20, 4);
            List<ApiResponse> answers = inParallel(10, () -> disks.createRaw(body));
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(answers.stream().map(r -> r.result().path("diskIds").toString()).distinct()).hasSize(1);
            assertThat(disks.client().get(DiskCalls.DISKS).result().path("totalCount").asInt()).isEqualTo(4);

            String source = disks.createAvailable("source");
            ObjectNode snapshot = DiskCalls.snapshotBody(source, "once");
            List<ApiResponse> snapshots = inParallel(10, () -> disks.snapshotRaw(snapshot));
            assertThat(snapshots).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(snapshots.stream().map(r -> r.result().path("snapshotId").asText()).distinct()).hasSize(1);
        }
    }
}
