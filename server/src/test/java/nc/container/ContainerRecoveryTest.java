package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.network.DefaultNetwork;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.ServerProcess;
import nc.testing.SignedClient;
import org.junit.jupiter.api.Test;

/** Issue 3, point 9: a killed server and a restarted engine end in the recorded desired state. */
class ContainerRecoveryTest {

    private static Set<String> engineContainersOf(Set<String> ids) {
        Set<String> found = new HashSet<>();
        for (String line : Engine.docker("ps", "-a", "--filter", "label=nc.container", "--format", "{{.Label \"nc.container\"}}")
                .split("\n")) {
            if (ids.contains(line.strip())) {
                found.add(line.strip());
            }
        }
        return found;
    }

    @Test
    void aServerKilledInTheMiddleOfACreateFinishesItAfterARestart() throws Exception {
        Engine engine = Engine.get();
        Path data = Files.createTempDirectory("nc-kill").resolve("data");
        try (ServerProcess server = new ServerProcess(data).start()) {
            SignedClient client = server.client();
            DefaultNetwork network = defaults(server.file("defaults.json"));
            Containers containers = new Containers(client, engine, network, "registry");
            assertThat(client.post("/v1/regions/cn-north-1/secrets", "{\"name\":\"registry\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"" + nc.testing.Secrets.b64(engine.registry()) + "\",\"username\":\""
                    + nc.testing.Secrets.b64(engine.username()) + "\",\"password\":\"" + nc.testing.Secrets.b64(engine.password())
                    + "\"}}").status()).isEqualTo(200);

            List<String> ids = containers.create(containers.body(10, null, "sleep"));
            server.kill();
            server.start();

            for (String id : ids) {
                await().atMost(Duration.ofSeconds(90)).until(() -> List.of("running", "error").contains(containers.status(id)));
            }
            assertThat(ids).allSatisfy(id -> assertThat(containers.status(id)).as("%s: %s", id, containers.describe(id).path("reason").asText())
                    .isEqualTo("running"));
            Set<String> expected = new HashSet<>(ids);
            assertThat(engineContainersOf(expected)).isEqualTo(expected);
            long engineCount = Engine.docker("ps", "-a", "--filter", "label=nc.owner", "--format", "{{.Label \"nc.container\"}}")
                    .lines().filter(expected::contains).count();
            assertThat(engineCount).as("one engine container per container, no duplicates").isEqualTo(10);

            containers.deleteAll();
            assertThat(engineContainersOf(expected)).isEmpty();
            containers.removeEngineNetwork();
        }
    }

    @Test
    void restartingTheEngineBringsContainersBackToTheirRecordedState() throws Exception {
        Engine engine = Engine.get();
        Path data = Files.createTempDirectory("nc-engine-restart").resolve("data");
        try (ServerProcess server = new ServerProcess(data).start()) {
            SignedClient client = server.client();
            Containers containers = new Containers(client, engine, defaults(server.file("defaults.json")), "registry");
            client.post("/v1/regions/cn-north-1/secrets", "{\"name\":\"registry\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"" + nc.testing.Secrets.b64(engine.registry()) + "\",\"username\":\""
                    + nc.testing.Secrets.b64(engine.username()) + "\",\"password\":\"" + nc.testing.Secrets.b64(engine.password()) + "\"}}");
            String running = containers.createOne(null, "sleep");
            String stopped = containers.createOne(null, "sleep");
            containers.awaitRunning(running);
            containers.awaitRunning(stopped);
            assertThat(containers.action(stopped, "stopContainer").status()).isEqualTo(200);
            containers.awaitStatus(stopped, "stopped", Duration.ofSeconds(30));

            Engine.restartDaemon();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + running).strip()).isEqualTo("true");
                assertThat(containers.status(running)).isEqualTo("running");
            });
            assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + stopped).strip()).isEqualTo("false");
            assertThat(containers.status(stopped)).isEqualTo("stopped");
            ApiResponse logs = client.get(Containers.BASE + "/" + running + ":getLogs", Map.of());
            assertThat(logs.status()).isEqualTo(200);
            containers.deleteAll();
            containers.removeEngineNetwork();
        }
    }

    private static DefaultNetwork defaults(JsonNode json) {
        return new DefaultNetwork(json.path("region").asText(), json.path("az").asText(), json.path("vpcId").asText(),
                json.path("subnetId").asText(), json.path("securityGroupId").asText());
    }
}
