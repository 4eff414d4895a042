package nc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import nc.runtime.EngineContainer;
import nc.runtime.EngineContainer.HostEntry;
import nc.runtime.EngineContainer.VolumeMount;
import nc.runtime.EngineEvent;
import nc.runtime.EngineNetwork;
import nc.runtime.EngineState;
import nc.runtime.LogQuery;
import nc.runtime.RegistryAuth;
import nc.runtime.PullFailure;
import nc.runtime.RuntimeFailure;
import nc.testing.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DockerRuntime against the real engine; every object a test makes carries its run label. */
class DockerRuntimeTest {
    private static final String LABEL = "nc.test.run";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Engine engine;
    private static DockerRuntime runtime;
    private String run;

    @BeforeAll
    static void engine() {
        engine = Engine.get();
        runtime = new DockerRuntime(Engine.DOCKER_HOST);
    }

    @AfterAll
    static void closeRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @BeforeEach
    void label() {
        run = "rt" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    @AfterEach
    void cleanUp() {
        Engine.removeLabelled(LABEL, run);
    }

    @Test
    void answersWhenTheEngineDoesAndFailsWithRuntimeFailureWhenNot() throws Exception {
        assertThat(runtime.available()).isTrue();
        try (DockerRuntime nowhere = new DockerRuntime(URI.create("unix:///tmp/no-such-docker.sock"))) {
            assertThat(nowhere.available()).isFalse();
            assertThatThrownBy(() -> nowhere.inspect("anything"))
                    .isExactlyInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining("Docker Engine unreachable");
            assertThatThrownBy(() -> nowhere.events(e -> { })).isExactlyInstanceOf(RuntimeFailure.class);
        }
    }

    @Test
    void networkIsABridgeWithTheSubnetGatewayAndLabels() {
        Subnet subnet = Subnet.random();
        EngineNetwork network = new EngineNetwork(name("net"), subnet.cidr(), subnet.gateway(), labels());

        runtime.ensureNetwork(network);
        runtime.ensureNetwork(network);

        JsonNode inspected = Engine.inspect("network", network.name());
        assertThat(inspected.path("Driver").asText()).isEqualTo("bridge");
        assertThat(inspected.at("/IPAM/Config/0/Subnet").asText()).isEqualTo(subnet.cidr());
        assertThat(inspected.at("/IPAM/Config/0/Gateway").asText()).isEqualTo(subnet.gateway());
        assertThat(inspected.path("Labels").path(LABEL).asText()).isEqualTo(run);
        assertThat(runtime.networksByLabel(LABEL, run)).containsExactly(network.name());

        Subnet other = Subnet.random();
        assertThatThrownBy(() -> runtime.ensureNetwork(new EngineNetwork(network.name(), other.cidr(), other.gateway(), labels())))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining(subnet.cidr());

        runtime.removeNetwork(network.name());
        runtime.removeNetwork(network.name());
        assertThat(runtime.networksByLabel(LABEL, run)).isEmpty();
    }

    @Test
    void volumesAreEnsuredListedAndRemoved() {
        String volume = name("vol");
        runtime.ensureVolume(volume, labels());
        runtime.ensureVolume(volume, labels());

        assertThat(Engine.inspect("volume", volume).at("/Labels").path(LABEL).asText()).isEqualTo(run);
        assertThat(runtime.volumesByLabel(LABEL, run)).containsExactly(volume);

        runtime.removeVolume(volume);
        runtime.removeVolume(volume);
        assertThat(runtime.volumesByLabel(LABEL, run)).isEmpty();
    }

    @Test
    void containerGetsWhatItAsksFor() {
        Subnet subnet = Subnet.random();
        String network = name("net");
        runtime.ensureNetwork(new EngineNetwork(network, subnet.cidr(), subnet.gateway(), labels()));
        String readOnly = name("ro");
        String writable = name("rw");
        runtime.ensureVolume(readOnly, labels());
        runtime.ensureVolume(writable, labels());
        String ip = subnet.address(7);
        String mac = "02:42:0a:d5:00:07";
        String script = "env | sort; echo hostname=$(hostname); echo pwd=$(pwd); cat /etc/hosts; ip link show eth0; ip addr show eth0; "
                + "echo x > /ro/f && echo ro-written; echo x > /rw/f && echo rw-written; echo done; exec nc-test-app sleep";
        EngineContainer spec = new EngineContainer(name("all"), engine.image(), List.of(), List.of("sh", "-c", script),
                List.of("GREETING=hello world", "EMPTY="), "web-1",
                List.of(new HostEntry("db.internal", "10.9.8.7"), new HostEntry("cache.internal", "10.9.8.6")),
                false, "/tmp", 500_000_000L, 64L * 1024 * 1024, network, ip, mac,
                List.of(new VolumeMount(readOnly, "/ro", true), new VolumeMount(writable, "/rw", false)),
                labels(), 1024 * 1024);

        String id = runtime.create(spec);
        runtime.start(id);
        await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).contains("done"));
        String log = runtime.logs(id, new LogQuery(null, null));

        assertThat(log).contains("GREETING=hello world\n", "EMPTY=\n", "hostname=web-1\n", "pwd=/tmp\n");
        assertThat(log).containsPattern("10\\.9\\.8\\.7\\s+db\\.internal").containsPattern("10\\.9\\.8\\.6\\s+cache\\.internal");
        assertThat(log).contains("link/ether " + mac, "inet " + ip + "/24");
        assertThat(log).contains("Read-only file system", "rw-written").doesNotContain("ro-written");

        JsonNode c = Engine.inspect("container", id);
        JsonNode host = c.path("HostConfig");
        assertThat(host.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(host.path("Memory").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.path("MemorySwap").asLong()).as("no swap beyond the limit").isEqualTo(64L * 1024 * 1024);
        assertThat(host.at("/RestartPolicy/Name").asText()).isEqualTo("unless-stopped");
        assertThat(host.at("/LogConfig/Type").asText()).isEqualTo("json-file");
        assertThat(host.at("/LogConfig/Config/max-size").asText()).isEqualTo("524288");
        assertThat(host.at("/LogConfig/Config/max-file").asText()).isEqualTo("2");
        assertThat(c.at("/Config/Labels").path(LABEL).asText()).isEqualTo(run);
        assertThat(c.at("/Config/Tty").asBoolean()).isFalse();
        JsonNode endpoint = c.at("/NetworkSettings/Networks").path(network);
        assertThat(endpoint.path("IPAddress").asText()).isEqualTo(ip);
        assertThat(endpoint.path("MacAddress").asText()).isEqualTo(mac);
        assertThat(endpoint.at("/IPAMConfig/IPv4Address").asText()).isEqualTo(ip);
        assertThat(c.path("Mounts")).anySatisfy(m -> {
            assertThat(m.path("Name").asText()).isEqualTo(readOnly);
            assertThat(m.path("RW").asBoolean()).isFalse();
        });

        assertThat(runtime.listByLabel(LABEL, run)).singleElement().satisfies(s -> {
            assertThat(s.engineId()).isEqualTo(id);
            assertThat(s.name()).isEqualTo(spec.name());
            assertThat(s.state()).isEqualTo("running");
            assertThat(s.labels()).containsEntry(LABEL, run);
        });
    }

    @Test
    void emptyOrAbsentCommandRunsTheImageDefault() {
        String withEmpty = runtime.create(simple("empty", List.of(), List.of()));
        String withNull = runtime.create(simple("null", null, null));
        runtime.start(withEmpty);
        runtime.start(withNull);
        for (String id : List.of(withEmpty, withNull)) {
            await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).contains("tick 1\n"));
            assertThat(Engine.inspect("container", id).at("/Path").asText()).isEqualTo("/bin/nc-test-app");
        }
    }

    @Test
    void entrypointAndCommandReplaceTheImageDefault() {
        String id = runtime.create(simple("ep", List.of("/bin/echo"), List.of("from", "entrypoint")));
        runtime.start(id);
        await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).startsWith("from entrypoint\n"));
    }

    @Test
    void pullsWithTheRightCredentials() {
        Engine.docker("rmi", engine.image());
        assertThat(Engine.exists("image", engine.image())).isFalse();

        runtime.pull(engine.image(), Optional.of(new RegistryAuth(engine.registry(), engine.username(), engine.password())));

        assertThat(Engine.exists("image", engine.image())).isTrue();
    }

    @Test
    void pullFailsWithTheRegistrysAnswerItsKindAndNeverThePassword() {
        String wrong = "wrong-" + run + "-Pa55";
        assertThatThrownBy(() -> runtime.pull(engine.image(), Optional.of(new RegistryAuth(engine.registry(), engine.username(), wrong))))
                .isExactlyInstanceOf(PullFailure.class)
                .hasMessage("unauthorized: authentication required")
                .hasNoCause()
                .satisfies(e -> assertThat(((PullFailure) e).kind()).isEqualTo(PullFailure.Kind.UNAUTHORIZED));

        assertThatThrownBy(() -> runtime.pull(engine.image(), Optional.empty()))
                .isExactlyInstanceOf(PullFailure.class)
                .hasMessageContaining("no basic auth credentials")
                .satisfies(e -> assertThat(((PullFailure) e).kind()).isEqualTo(PullFailure.Kind.UNAUTHORIZED));

        RegistryAuth right = new RegistryAuth(engine.registry(), engine.username(), engine.password());
        assertThatThrownBy(() -> runtime.pull(engine.registry() + "/nc-test/absent:1", Optional.of(right)))
                .isExactlyInstanceOf(PullFailure.class)
                .hasMessageContaining("manifest unknown")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(engine.password()))
                .satisfies(e -> assertThat(((PullFailure) e).kind()).isEqualTo(PullFailure.Kind.NOT_FOUND));

        assertThatThrownBy(() -> runtime.pull("127.0.0.1:1/nc-test/app:1", Optional.empty()))
                .isExactlyInstanceOf(PullFailure.class)
                .satisfies(e -> assertThat(((PullFailure) e).kind()).isEqualTo(PullFailure.Kind.UNREACHABLE));
    }

    @Test
    void createAndStartFailWithTheEnginesMessage() {
        assertThatThrownBy(() -> runtime.create(simple("noimage", null, null, "127.0.0.1:1/nc-test/none:1")))
                .isExactlyInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("No such image");
        runtime.create(simple("twice", null, null));
        assertThatThrownBy(() -> runtime.create(simple("twice", null, null)))
                .isExactlyInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("is already in use");
        assertThatThrownBy(() -> runtime.start(name("absent")))
                .isExactlyInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("No such container");
    }

    @Test
    void logsInterleaveStdoutAndStderrAndHonourTailAndSince() {
        String id = runtime.create(simple("logs", null, List.of("nc-test-app", "interval-ms=100", "stderr")));
        assertThat(runtime.logs(id, new LogQuery(null, null))).isEmpty();
        runtime.start(id);
        await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).contains("tock 25\n"));

        List<String> all = runtime.logs(id, new LogQuery(null, null)).lines().toList();
        assertThat(all).contains("started", "tick 1", "tock 1", "tick 25", "tock 25");
        // stdout and stderr are copied separately by the engine: lines written within microseconds
        // may swap, lines 100 ms apart keep their order
        assertThat(counters(all.stream().filter(l -> l.startsWith("ti") || l.startsWith("to")).toList())).isSorted();

        List<String> tail = runtime.logs(id, new LogQuery(null, 3)).lines().toList();
        assertThat(tail).hasSize(3);
        assertThat(counters(tail).get(2)).isGreaterThanOrEqualTo(25);

        String recent = runtime.logs(id, new LogQuery(1, null));
        assertThat(recent).isNotEmpty().doesNotContain("started", "tick 1\n");
        assertThat(runtime.logs(id, new LogQuery(1, 2)).lines()).hasSize(2);
    }

    @Test
    void logsOfATtyContainerAreItsRawOutput() {
        EngineContainer tty = new EngineContainer(name("tty"), engine.image(), null, List.of("nc-test-app", "interval-ms=100"), null, null,
                null, true, null, 0, 0, null, null, null, null, labels(), 1024 * 1024);
        String id = runtime.create(tty);
        runtime.start(id);
        await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).contains("tick 3"));
        assertThat(runtime.logs(id, new LogQuery(null, null))).startsWith("started\r\ntick 1\r\n");
    }

    @Test
    void logsOfAnAbsentContainerAreEmpty() {
        assertThat(runtime.logs(name("absent"), new LogQuery(null, 10))).isEmpty();
    }

    /**
     * nc plugs a container's network while the engine still starts it: the start reports the
     * container's own first process, in the namespace the container then runs in, before it returns.
     */
    @Test
    void aStartReportsTheContainersNamespaceBeforeItReturns() throws Exception {
        EngineContainer spec = simple("early", null, null);
        String id = runtime.create(new EngineContainer(spec.name(), spec.image(), spec.entrypoint(), spec.cmd(), null, null, null, false,
                null, 0, 0, "none", null, null, null, spec.labels(), spec.logBytes()));
        List<Long> reported = new CopyOnWriteArrayList<>();
        List<Boolean> returnedBefore = new CopyOnWriteArrayList<>();
        boolean[] returned = {false};
        runtime.start(id, pid -> {
            reported.add(pid);
            returnedBefore.add(returned[0]);
        });
        returned[0] = true;

        assertThat(reported).hasSize(1);
        assertThat(returnedBefore).containsExactly(false);
        long pid = Engine.inspect("container", id).at("/State/Pid").asLong();
        assertThat(reported.get(0)).isEqualTo(pid);
        String ownNet = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net")).toString();
        assertThat(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc", Long.toString(pid), "ns", "net")).toString())
                .isNotEqualTo(ownNet);

        // a container already running: the start does nothing, and what it reports is the running one
        List<Long> again = new CopyOnWriteArrayList<>();
        runtime.start(id, again::add);
        assertThat(again).allMatch(p -> p == pid);
    }

    @Test
    void aMainProcessThatExitsIsRestartedUntilStopped() {
        String id = runtime.create(simple("crash", null, List.of("nc-test-app", "exit-after=0", "exit-code=3")));
        runtime.start(id);

        // a restart resets the exit code to 0: catch it between two runs
        await().atMost(WAIT).until(() -> {
            EngineState s = runtime.inspect(id).orElseThrow();
            return s.restartCount() >= 3 && s.exitCode() == 3 && s.finishedAt() != null;
        });

        runtime.stop(id, Duration.ofSeconds(5));
        EngineState stopped = runtime.inspect(id).orElseThrow();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.restarting()).isFalse();
        assertThat(stopped.status()).isEqualTo("exited");
    }

    @Test
    void stopsWithinTheGracePeriodThenKillsAndStartsAgain() {
        String polite = runtime.create(simple("polite", null, List.of("nc-test-app", "sleep")));
        String stubborn = runtime.create(simple("stubborn", null, List.of("sh", "-c", "trap '' TERM; echo started; while :; do sleep 1; done")));
        for (String id : List.of(polite, stubborn)) {
            runtime.start(id);
            runtime.start(id);
            await().atMost(WAIT).until(() -> runtime.logs(id, new LogQuery(null, null)).contains("started"));
            assertThat(runtime.inspect(id).orElseThrow().running()).isTrue();
        }

        long before = System.nanoTime();
        runtime.stop(polite, Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        assertThat(runtime.inspect(polite).orElseThrow().exitCode()).isEqualTo(143);

        before = System.nanoTime();
        runtime.stop(stubborn, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(runtime.inspect(stubborn).orElseThrow().exitCode()).isEqualTo(137);

        runtime.stop(polite, Duration.ofSeconds(1));
        runtime.start(polite);
        assertThat(runtime.inspect(polite).orElseThrow().running()).isTrue();
    }

    @Test
    void removeLeavesNothingAndIsANoOpWhenAbsent() {
        String volume = name("vol");
        runtime.ensureVolume(volume, labels());
        EngineContainer spec = new EngineContainer(name("rm"), engine.image(), null, List.of("nc-test-app", "sleep"), null, null, null,
                false, null, 0, 0, null, null, null, List.of(new VolumeMount(volume, "/data", false)), labels(), 1024 * 1024);
        String id = runtime.create(spec);
        runtime.start(id);

        runtime.remove(id);

        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(runtime.listByLabel(LABEL, run)).isEmpty();
        assertThat(Engine.exists("container", spec.name())).isFalse();
        assertThat(runtime.volumesByLabel(LABEL, run)).as("named volumes are not the container's to remove").containsExactly(volume);
        runtime.remove(id);
        runtime.stop(id, Duration.ofSeconds(1));
        runtime.removeVolume(volume);
        assertThat(runtime.volumesByLabel(LABEL, run)).isEmpty();
    }

    @Test
    void eventsAreDeliveredUntilClosed() throws Exception {
        List<EngineEvent> seen = new CopyOnWriteArrayList<>();
        List<EngineEvent> seenLater = new CopyOnWriteArrayList<>();
        String id;
        try (Closeable later = runtime.events(seenLater::add)) {
            try (Closeable subscription = runtime.events(seen::add)) {
                id = runtime.create(simple("ev", null, List.of("nc-test-app", "sleep")));
                runtime.start(id);
                runtime.stop(id, Duration.ofSeconds(5));
                await().atMost(WAIT).until(() -> actions(seen, id).containsAll(List.of("create", "start", "die", "stop")));
            }
            runtime.remove(id);
            await().atMost(WAIT).until(() -> actions(seenLater, id).contains("destroy"));
        }

        assertThat(actions(seen, id)).doesNotContain("destroy");
        EngineEvent die = seen.stream().filter(e -> e.engineId().equals(id) && e.action().equals("die")).findFirst().orElseThrow();
        assertThat(die.labels()).containsEntry(LABEL, run).doesNotContainKeys("name", "image", "exitCode");
        assertThat(die.attributes()).containsEntry("name", name("ev")).containsEntry("exitCode", "143").containsEntry(LABEL, run);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<String> actions(List<EngineEvent> events, String id) {
        List<String> out = new ArrayList<>();
        events.stream().filter(e -> e.engineId().equals(id)).forEach(e -> out.add(e.action()));
        return out;
    }

    /** The n of "tick n" / "tock n". */
    private static List<Integer> counters(List<String> lines) {
        return lines.stream().map(l -> Integer.parseInt(l.substring(l.indexOf(' ') + 1))).toList();
    }

    private EngineContainer simple(String suffix, List<String> entrypoint, List<String> cmd) {
        return simple(suffix, entrypoint, cmd, engine.image());
    }

    private EngineContainer simple(String suffix, List<String> entrypoint, List<String> cmd, String image) {
        return new EngineContainer(name(suffix), image, entrypoint, cmd, null, null, null, false, null, 0, 0, null, null, null, null,
                labels(), 1024 * 1024);
    }

    private String name(String suffix) {
        return "nc-" + run + "-" + suffix;
    }

    private Map<String, String> labels() {
        return Map.of(LABEL, run, "nc.owner", "docker-runtime-test");
    }

    /** A random /24 in 10.213.0.0/16, so parallel runs rarely overlap. */
    private record Subnet(int third) {
        static Subnet random() {
            return new Subnet(ThreadLocalRandom.current().nextInt(256));
        }

        String cidr() {
            return "10.213." + third + ".0/24";
        }

        String gateway() {
            return address(1);
        }

        String address(int host) {
            return "10.213." + third + "." + host;
        }
    }
}
