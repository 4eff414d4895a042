package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * createContainers marks its containers new (nothing of them on the engine yet) after its
 * transaction; the pending scan may provision one before that. Such a container must still stop
 * and start again as any other, on its one engine container (it used to end stopped with "name
 * already in use" at its next start).
 */
class ProvisionRaceTest {
    private static final String IMAGE = "127.0.0.1:1/app:1";

    @Test
    void aContainerTheScanProvisionedBeforeItWasMarkedNewStartsAgainAfterAStop() {
        FakeRuntime runtime = new FakeRuntime();
        try (TestServer server = TestServer.start(TestDatabase.H2, c -> c, runtime)) {
            runtime.pull(IMAGE, Optional.empty());
            SignedClient client = server.client();
            var network = server.server().createdDefaultNetwork();
            ApiResponse created = client.post(Containers.BASE, "{\"maxCount\":1,\"containerSpec\":{\"instanceType\":\"g.s1.micro\","
                    + "\"az\":\"cn-north-1a\",\"name\":\"race\",\"image\":\"" + IMAGE + "\",\"rootVolume\":{\"category\":\"cloud\","
                    + "\"cloudDiskSpec\":{\"name\":\"r\",\"diskType\":\"ssd\",\"diskSizeGB\":10}},\"primaryNetworkInterface\":"
                    + "{\"networkInterface\":{\"subnetId\":\"" + network.subnetId() + "\",\"securityGroups\":[\""
                    + network.securityGroupId() + "\"]}}}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String id = created.result().path("containerIds").get(0).asText();
            awaitStatus(client, id, "running");

            // what createContainers does when the scan was first
            server.server().worker().provisionNew(id, Set.of());
            assertThat(client.post(Containers.BASE + "/" + id + ":stopContainer", "{}").status()).isEqualTo(200);
            awaitStatus(client, id, "stopped");
            assertThat(client.post(Containers.BASE + "/" + id + ":startContainer", "{}").status()).isEqualTo(200);

            awaitStatus(client, id, "running");
            assertThat(client.get(Containers.BASE + "/" + id).result().path("container").path("reason").isMissingNode()).isTrue();
            assertThat(runtime.containers()).filteredOn(b -> b.spec.name().equals("nc-" + id)).hasSize(1);
        }
    }

    private static void awaitStatus(SignedClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            var c = client.get(Containers.BASE + "/" + id).result().path("container");
            assertThat(c.path("status").asText()).as(id + " " + c).isEqualTo(status);
        });
    }
}
