package nc.replica;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nc.network.DefaultNetwork;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Replicas;
import nc.testing.Secrets;
import nc.testing.ServerProcess;
import nc.testing.SignedClient;
import org.junit.jupiter.api.Test;

/**
 * Work a request starts is finished when the replica doing it dies: the replicas record what is
 * wanted in PostgreSQL and only the holder of the engine-sync lease acts on the engine, so when
 * the holder is killed with SIGKILL in the middle of a maxCount=10 create, the replica that takes
 * the lease over (within 15 s) brings all ten to running, each with exactly one engine container,
 * running. Whichever replica took the request, and a disk asked for while no replica holds the
 * lease is made once one takes it.
 */
class InFlightWorkTakeoverTest {
    private static final String DISKS = "/v1/regions/cn-north-1/disks";
    private static final Duration TAKEOVER = Duration.ofSeconds(15);
    /** From the SIGKILL until all ten run: the takeover, then the rest of the create on the 2-core test machine. */
    private static final Duration ALL_RUNNING = Duration.ofSeconds(90);

    @Test
    void twoReplicasTheHolderKilledInTheMiddleOfACreateItTook() {
        killTheHolderInTheMiddleOfACreate(2, 0);
    }

    @Test
    void threeReplicasTheHolderKilledInTheMiddleOfACreateAnotherReplicaTook() {
        killTheHolderInTheMiddleOfACreate(3, 1);
    }

    /** Starts {@code count} replicas (the first holds the lease), sends the create to replica {@code takenBy}, kills the first. */
    private static void killTheHolderInTheMiddleOfACreate(int count, int takenBy) {
        Engine engine = Engine.get();
        onOneHost((replicas, env) -> {
            List<ServerProcess> servers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                servers.add(replicas.start(env));
            }
            String owner = replicas.owner();
            ServerProcess holder = servers.get(0);
            assertThat(leaseHolder(servers.get(count - 1))).as("the first replica took the lease when it started").isEqualTo(self(holder));
            ServerProcess survivor = servers.get(count - 1);
            SignedClient tenant = holder.client();
            DefaultNetwork network = defaults(holder.file("defaults.json"));
            assertSuccess(tenant.post("/v1/regions/cn-north-1/secrets", registrySecret(engine)));

            Containers taker = new Containers(tenant.at(servers.get(takenBy).endpoint()), engine, network, "registry");
            List<String> ids = taker.create(taker.body(10, null, "sleep"));
            assertThat(ids).hasSize(10);
            Set<String> wanted = Set.copyOf(ids);
            // in the middle: the holder has brought some to running, not all ten
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> statuses(taker.client()).contains("running"));
            holder.kill();
            long killedAt = System.nanoTime();

            Containers containers = new Containers(tenant.at(survivor.endpoint()), engine, network, "registry");
            List<String> atKill = statuses(containers.client());
            System.err.println("[InFlightWorkTakeoverTest] " + count + " replicas, statuses at the SIGKILL: " + atKill);
            assertThat(atKill).as("the create was still under way when the holder was killed").contains("pending");

            Set<String> others = servers.subList(1, count).stream().map(InFlightWorkTakeoverTest::self).collect(Collectors.toSet());
            await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(leaseHolder(survivor)).isIn(others));
            System.err.println("[InFlightWorkTakeoverTest] lease taken over " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after SIGKILL");

            await().atMost(ALL_RUNNING).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(ids).allSatisfy(id -> assertThat(containers.status(id)).as(id).isIn("running", "error")));
            System.err.println("[InFlightWorkTakeoverTest] all ten settled " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after SIGKILL");
            assertThat(ids).allSatisfy(id -> assertThat(containers.status(id))
                    .as("%s: %s", id, containers.describe(id).path("reason").asText()).isEqualTo("running"));

            Map<String, Integer> engineContainers = engineContainersOf(owner, wanted);
            assertThat(engineContainers).as("exactly one engine container per container, none duplicated")
                    .hasSize(10).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(ids).allSatisfy(id -> assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + id).strip())
                    .as("engine container of %s running", id).isEqualTo("true"));

            containers.deleteAll();
            assertThat(engineContainersOf(owner, wanted)).isEmpty();
        });
    }

    /**
     * A disk and a container asked of a replica while the lease is still the killed holder's (it
     * expires 7 to 10 s after the kill): recorded at once (creating, pending), made by that replica
     * once it takes the lease, the disk within 15 s of the kill.
     */
    @Test
    void aDiskAndAContainerAskedForWhileTheDeadHolderStillHasTheLeaseAreMadeByTheNextHolder() {
        Engine engine = Engine.get();
        onOneHost((replicas, env) -> {
            ServerProcess holder = replicas.start(env);
            ServerProcess survivor = replicas.start(env);
            String owner = replicas.owner();
            SignedClient tenant = holder.client().at(survivor.endpoint());
            DefaultNetwork network = defaults(holder.file("defaults.json"));
            assertSuccess(tenant.post("/v1/regions/cn-north-1/secrets", registrySecret(engine)));
            holder.kill();
            long killedAt = System.nanoTime();

            SignedClient diskApi = tenant.service("disk");
            ApiResponse created = diskApi.post(DISKS, "{\"diskSpec\":{\"az\":\"cn-north-1a\",\"name\":\"after-kill\","
                    + "\"diskType\":\"ssd\",\"diskSizeGB\":20},\"maxCount\":1,\"clientToken\":\"" + java.util.UUID.randomUUID() + "\"}");
            String diskId = assertSuccess(created).path("diskIds").get(0).asText();
            Containers containers = new Containers(tenant, engine, network, "registry");
            String containerId = containers.createOne(null, "sleep");
            assertThat(diskStatus(diskApi, diskId)).as("no replica holds the lease yet: the disk waits").isEqualTo("creating");
            assertThat(containers.status(containerId)).isEqualTo("pending");

            await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(250)).until(() -> diskStatus(diskApi, diskId).equals("available"));
            System.err.println("[InFlightWorkTakeoverTest] disk asked for after the SIGKILL available "
                    + (System.nanoTime() - killedAt) / 1_000_000 + " ms after it");
            assertThat(leaseHolder(survivor)).isEqualTo(self(survivor));
            containers.awaitRunning(containerId);
            assertThat(engineContainersOf(owner, Set.of(containerId))).isEqualTo(Map.of(containerId, 1));
            assertThat(Engine.docker("inspect", "--format", "{{.State.Running}}", "nc-" + containerId).strip()).isEqualTo("true");

            containers.deleteAll();
            assertThat(diskApi.delete(DISKS + "/" + diskId).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> diskStatus(diskApi, diskId).equals("gone"));
        });
    }

    private interface Scenario {
        void run(Replicas replicas, Map<String, String> environment);
    }

    /**
     * Replicas as on one machine: one master key, the engine and the disk folder shared. Afterwards
     * the engine objects of their installation go, whatever the scenario left.
     */
    private static void onOneHost(Scenario scenario) {
        Path disks = tempDir();
        String owner = null;
        try (Replicas replicas = new Replicas()) {
            try {
                scenario.run(replicas, Map.of("NC_MASTER_KEY", Replicas.newKey(), "NC_DISK_DIR", disks.toString()));
            } finally {
                owner = ownerOf(replicas);
            }
        } finally {
            if (owner != null) {
                Engine.removeLabelled("nc.owner", owner);
            }
            deleteTree(disks);
        }
    }

    /** The installation's id, null when no replica started. */
    private static String ownerOf(Replicas replicas) {
        try {
            return replicas.owner();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String diskStatus(SignedClient diskApi, String diskId) {
        ApiResponse r = diskApi.get(DISKS + "/" + diskId);
        return r.status() == 404 ? "gone" : assertSuccess(r).path("disk").path("status").asText();
    }

    /** The statuses of the account's containers, in one listing. */
    private static List<String> statuses(SignedClient client) {
        List<String> out = new ArrayList<>();
        assertSuccess(client.get(Containers.BASE, Map.of("pageSize", "100"))).path("containers")
                .forEach(c -> out.add(c.path("status").asText()));
        return out;
    }

    private static Map<String, Integer> engineContainersOf(String owner, Set<String> ids) {
        Map<String, Integer> count = new HashMap<>();
        for (String line : Engine.docker("ps", "-a", "--filter", "label=nc.owner=" + owner, "--format", "{{.Label \"nc.container\"}}")
                .split("\n")) {
            if (ids.contains(line.strip())) {
                count.merge(line.strip(), 1, Integer::sum);
            }
        }
        return count;
    }

    private static String leaseHolder(ServerProcess replica) {
        for (JsonNode lease : assertSuccess(replica.admin().get("/admin/leases")).path("leases")) {
            if (lease.path("name").asText().equals("engine-sync")) {
                return lease.path("holder").asText();
            }
        }
        return null;
    }

    private static String self(ServerProcess replica) {
        return assertSuccess(replica.admin().get("/admin/leases")).path("self").asText();
    }

    private static String registrySecret(Engine engine) {
        return "{\"name\":\"registry\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\"" + Secrets.b64(engine.registry())
                + "\",\"username\":\"" + Secrets.b64(engine.username()) + "\",\"password\":\"" + Secrets.b64(engine.password()) + "\"}}";
    }

    private static DefaultNetwork defaults(JsonNode json) {
        return new DefaultNetwork(json.path("region").asText(), json.path("az").asText(), json.path("vpcId").asText(),
                json.path("subnetId").asText(), json.path("securityGroupId").asText());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nc-replica-disks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
