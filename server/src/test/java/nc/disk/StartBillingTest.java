package nc.disk;

import static nc.testing.EnvelopeAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rule 38: a stopped container starts only while it and every disk it uses are in normal standing (on the fake runtime). */
class StartBillingTest {
    static final FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static SignedClient nc;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, runtime, new ScriptedProvisioner());
        runtime.pull(DiskContainerInterplayTest.IMAGE, Optional.empty());
        nc = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void startIsRefusedWhileTheContainerOrOneOfItsDisksIsInArrears() {
        String body = DiskCalls.containerBody(server.server().createdDefaultNetwork(), DiskContainerInterplayTest.IMAGE, "billed",
                DiskContainerInterplayTest.newDataDisk("data", 20, ""));
        ApiResponse created = nc.post(Containers.BASE, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.result().path("containerIds").get(0).asText();
        awaitStatus(id, "running");
        String disk = nc.get(Containers.BASE + "/" + id).result().path("container").path("dataVolumes").get(0)
                .path("cloudDisk").path("diskId").asText();
        assertThat(nc.post(Containers.BASE + "/" + id + ":stopContainer", "{}").status()).isEqualTo(200);
        awaitStatus(id, "stopped");

        admin("/admin/disks/" + disk, "arrear");
        ApiResponse refused = nc.post(Containers.BASE + "/" + id + ":startContainer", "{}");
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).contains("disk " + disk).contains("arrear");
        admin("/admin/disks/" + disk, "normal");

        admin("/admin/containers/" + id, "overdue");
        refused = nc.post(Containers.BASE + "/" + id + ":startContainer", "{}");
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).contains("container " + id).contains("overdue");
        admin("/admin/containers/" + id, "normal");
        assertThat(nc.get(Containers.BASE + "/" + id).result().path("container").path("status").asText())
                .as("refused starts change nothing").isEqualTo("stopped");

        assertThat(nc.post(Containers.BASE + "/" + id + ":startContainer", "{}").status()).isEqualTo(200);
        awaitStatus(id, "running");
    }

    private static void admin(String path, String chargeStatus) {
        ApiResponse r = server.admin().patch(path, "{\"chargeStatus\":\"" + chargeStatus + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(nc.get(Containers.BASE + "/" + id).result().path("container").path("status").asText()).isEqualTo(status));
    }
}
