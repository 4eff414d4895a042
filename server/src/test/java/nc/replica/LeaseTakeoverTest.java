package nc.replica;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import nc.testing.Engine;
import nc.testing.Replicas;
import nc.testing.ServerProcess;
import nc.testing.Shell;
import org.junit.jupiter.api.Test;

/**
 * The engine sync is done by one replica at a time, the holder of its lease in the database;
 * when the holder is killed with SIGKILL another takes the lease over within 15 s and does the
 * sync from then on (here: it removes an engine container labelled as the installation's that
 * no container record owns). A holder stopped with SIGTERM gives the lease up at once.
 */
class LeaseTakeoverTest {

    private static JsonNode engineSyncLease(ServerProcess replica) {
        JsonNode view = assertSuccess(replica.admin().get("/admin/leases"));
        for (JsonNode lease : view.path("leases")) {
            if (lease.path("name").asText().equals("engine-sync")) {
                return lease;
            }
        }
        return null;
    }

    private static String self(ServerProcess replica) {
        return assertSuccess(replica.admin().get("/admin/leases")).path("self").asText();
    }

    @Test
    void anotherReplicaTakesTheEngineSyncOverWithin15sOfTheHoldersSigkill() {
        Engine engine = Engine.get();
        String key = Replicas.newKey();
        String orphan = "nc-lease-orphan-" + ProcessHandle.current().pid();
        try (Replicas replicas = new Replicas()) {
            ServerProcess first = replicas.start(Map.of("NC_MASTER_KEY", key));
            ServerProcess second = replicas.start(Map.of("NC_MASTER_KEY", key));
            String firstId = self(first);
            String secondId = self(second);
            assertThat(firstId).isNotEqualTo(secondId);
            JsonNode held = engineSyncLease(second);
            assertThat(held).isNotNull();
            assertThat(held.path("holder").asText()).as("the first replica took the lease when it started").isEqualTo(firstId);

            first.kill();
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(engineSyncLease(second).path("holder").asText()).isEqualTo(secondId));
            long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.err.println("[LeaseTakeoverTest] engine-sync lease taken over " + takeoverMs + " ms after SIGKILL");

            Shell.run("docker", "create", "--name", orphan, "--label", "nc.owner=" + replicas.owner(),
                    "--label", "nc.container=c-orphan0000", engine.image()).orThrow();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> !Engine.exists("container", orphan));

            // a third replica; the holder stopped with SIGTERM gives the lease up, and the third has it within a renewal (3 s)
            ServerProcess third = replicas.start(Map.of("NC_MASTER_KEY", key));
            String thirdId = self(third);
            assertThat(engineSyncLease(third).path("holder").asText()).isEqualTo(secondId);
            second.close();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(engineSyncLease(third).path("holder").asText()).isEqualTo(thirdId));
        } finally {
            Shell.run("docker", "rm", "-f", orphan);
        }
    }
}
