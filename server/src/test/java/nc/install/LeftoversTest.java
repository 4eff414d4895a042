package nc.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.tenantnet.kernel.Names;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Shell;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A new data folder beside an earlier installation's objects (its data folder lost, its container
 * and VPC router left on the engine and host): the new one starts and works in the same default
 * ranges, names the other's objects in /_nc/info with the command that removes them, and that
 * command removes the other's objects and nothing of the new one.
 */
class LeftoversTest {
    private static final Path NCCTL = Path.of("..", "ncctl").toAbsolutePath().normalize();

    @Test
    void aNewInstallationNamesAnEarliersLeftoversAndRemoveInstallationTakesOnlyThose() throws Exception {
        Engine engine = Engine.get();
        try (TestServer earlier = TestServer.start()) {
            Containers old = new Containers(earlier, engine);
            String oldId = old.createOne(null, "sleep");
            String oldIp = old.awaitRunning(oldId).path("privateIpAddress").asText();
            String oldOwner = earlier.server().owner();
            String oldRouter = Names.forOwner(oldOwner).namespace(old.network().vpcId());
            earlier.stopKeepingData();

            try (TestServer later = TestServer.start()) {
                Containers fresh = new Containers(later, engine);
                String newId = fresh.createOne(null, "sleep");
                assertThat(fresh.awaitRunning(newId).path("privateIpAddress").asText()).as("the same default range, no collision")
                        .isEqualTo(oldIp);

                JsonNode others = info(later).path("otherInstallations");
                JsonNode mine = null;
                for (JsonNode o : others) {
                    if (o.path("owner").asText().equals(oldOwner)) {
                        mine = o;
                    }
                }
                assertThat(mine).as("the earlier installation in %s", others).isNotNull();
                assertThat(mine.path("cleanUp").asText()).isEqualTo("./ncctl remove-installation " + oldOwner);
                assertThat(mine.path("objects").toString()).contains("engine container nc-" + oldId, "netns " + oldRouter);

                Shell.Result removed = Shell.run(List.of("bash", NCCTL.toString(), "remove-installation", oldOwner),
                        Map.of("NC_DATA", later.dataDir().toString(), "NC_DISK_DIR", earlier.dataDir().resolve("disks").toString(),
                                "NC_CLASSPATH", System.getProperty("java.class.path")), null, Duration.ofMinutes(3));
                assertThat(removed.exitCode()).as(removed.toString()).isZero();
                assertThat(removed.stdout()).contains("engine container nc-" + oldId, "netns " + oldRouter);
                assertThat(Engine.exists("container", "nc-" + oldId)).isFalse();
                assertThat(KernelTenantNetwork.forOwner(oldOwner).artefacts()).as("the earlier installation's host network").isEmpty();

                assertThat(Engine.exists("container", "nc-" + newId)).as("the new installation's container").isTrue();
                assertThat(fresh.status(newId)).isEqualTo("running");
                assertThat(Path.of("/run/netns", Names.forOwner(later.server().owner()).namespace(fresh.network().vpcId()))).exists();
                fresh.deleteAll();
            }
        }
    }

    private static JsonNode info(TestServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/_nc/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }
}
