package nc.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nc.config.Config;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Docker Hub style names are pulled through the operator's mirror (a private deployment may have no Internet). */
class RegistryMirrorTest {

    @Test
    void aDockerHubStyleNameIsPulledFromTheConfiguredMirror() {
        Engine engine = Engine.get();
        try (TestServer server = TestServer.start(c -> c.withEngine(
                new Config.Engine(Engine.DOCKER_HOST.toString(), engine.registry(), Duration.ofSeconds(5))))) {
            Containers containers = new Containers(server, engine);
            String hubStyle = "nc-test/app:1";
            String id = containers.create(containers.body(1, null, "sleep").replace(engine.image(), hubStyle)).get(0);
            var c = containers.awaitRunning(id);
            assertThat(c.path("image").asText()).isEqualTo(hubStyle);
            assertThat(Engine.docker("inspect", "--format", "{{.Config.Image}}", "nc-" + id).strip())
                    .isEqualTo(engine.registry() + "/nc-test/app:1");
            containers.deleteAll();
        }
    }
}
