package nc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.network.DefaultNetwork;

/**
 * Drives containers through the signed API for integration tests: a registry secret for the test
 * image, createContainers bodies on the default network, and waits on statuses.
 */
public final class Containers {
    public static final String BASE = "/v1/regions/cn-north-1/containers";
    private final SignedClient client;
    private final Engine engine;
    private final DefaultNetwork network;
    private final String secret;

    /** The default account of the server, with a secret holding the test registry's credentials. */
    public Containers(TestServer server, Engine engine) {
        this(server.client(), engine, server.server().createdDefaultNetwork(), "test-registry");
        ApiResponse created = client.post("/v1/regions/cn-north-1/secrets", "{\"name\":\"" + secret + "\",\"secretType\":\"docker-registry\","
                + "\"data\":{\"server\":\"" + Secrets.b64(engine.registry()) + "\",\"username\":\"" + Secrets.b64(engine.username())
                + "\",\"password\":\"" + Secrets.b64(engine.password()) + "\"}}");
        assertThat(created.status()).as(created.toString()).isIn(200, 409);
    }

    public Containers(SignedClient client, Engine engine, DefaultNetwork network, String secret) {
        this.client = client;
        this.engine = engine;
        this.network = network;
        this.secret = secret;
    }

    public SignedClient client() {
        return client;
    }

    public DefaultNetwork network() {
        return network;
    }

    public String secret() {
        return secret;
    }

    /** A createContainers body for the fake runtime (any image name): maxCount containers in the network. */
    public static String forFakeRuntime(DefaultNetwork network, int maxCount) {
        return "{\"maxCount\":" + maxCount + ",\"containerSpec\":{\"instanceType\":\"g.s1.micro\",\"az\":\"cn-north-1a\",\"name\":\"many\","
                + "\"image\":\"busybox:1\",\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":{\"name\":\"root\",\"diskType\":\"ssd\","
                + "\"diskSizeGB\":10}},\"primaryNetworkInterface\":{\"networkInterface\":{\"subnetId\":\"" + network.subnetId()
                + "\",\"securityGroups\":[\"" + network.securityGroupId() + "\"]}}}}";
    }

    /** A createContainers body: the test image from the private registry on the default subnet. Extra spec members are raw JSON. */
    public String body(int maxCount, String extraSpecMembers, String... args) {
        StringBuilder argsJson = new StringBuilder("[");
        for (int i = 0; i < args.length; i++) {
            argsJson.append(i == 0 ? "" : ",").append('"').append(args[i]).append('"');
        }
        argsJson.append(']');
        return "{\"maxCount\":" + maxCount + ",\"containerSpec\":{"
                + "\"instanceType\":\"g.s1.small\",\"az\":\"cn-north-1a\",\"name\":\"it-app\","
                + "\"image\":\"" + engine.image() + "\",\"secret\":\"" + secret + "\","
                + (args.length > 0 ? "\"command\":[\"/bin/nc-test-app\"],\"args\":" + argsJson + "," : "")
                + "\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":{\"name\":\"root\",\"diskType\":\"ssd\",\"diskSizeGB\":10}},"
                + "\"primaryNetworkInterface\":{\"networkInterface\":{\"subnetId\":\"" + network.subnetId() + "\","
                + "\"securityGroups\":[\"" + network.securityGroupId() + "\"]}}"
                + (extraSpecMembers == null || extraSpecMembers.isEmpty() ? "" : "," + extraSpecMembers)
                + "}}";
    }

    /** A body whose primary interface asks for a fixed address. */
    public String bodyWithAddress(String ip, String... args) {
        String groups = "\"securityGroups\":[\"" + network.securityGroupId() + "\"]";
        return body(1, null, args).replace(groups, groups + ",\"primaryIpAddress\":\"" + ip + "\"");
    }

    /** Creates and returns the ids; fails unless 200. */
    public List<String> create(String body) {
        ApiResponse response = client.post(BASE, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.result().path("containerIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    public String createOne(String extraSpecMembers, String... args) {
        return create(body(1, extraSpecMembers, args)).get(0);
    }

    public JsonNode describe(String id) {
        ApiResponse response = client.get(BASE + "/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.result().path("container");
    }

    public String status(String id) {
        ApiResponse response = client.get(BASE + "/" + id);
        return response.status() == 404 ? "gone" : response.result().path("container").path("status").asText();
    }

    /** Waits until the container has this status (or "gone"), at most the timeout. */
    public JsonNode awaitStatus(String id, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            ApiResponse response = client.get(BASE + "/" + id);
            JsonNode c = response.status() == 404 ? null : response.result().path("container");
            String now = c == null ? "gone" : c.path("status").asText();
            if (now.equals("error") && !status.equals("error")) {
                throw new AssertionError(id + " ended in error: " + c.path("reason").asText());
            }
            // a failed start ends stopped with a reason: shown, so that a failure says why
            assertThat(now).as("status of " + id + (c == null ? "" : " (reason: " + c.path("reason").asText() + ")")).isEqualTo(status);
        });
        return "gone".equals(status) ? null : describe(id);
    }

    public JsonNode awaitRunning(String id) {
        return awaitStatus(id, "running", Duration.ofSeconds(60));
    }

    public ApiResponse action(String id, String action) {
        return client.post(BASE + "/" + id + ":" + action, "{}");
    }

    public ApiResponse delete(String id) {
        return client.delete(BASE + "/" + id);
    }

    public String logs(String id, Map<String, ?> query) {
        ApiResponse response = client.get(BASE + "/" + id + ":getLogs", query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.result().path("logs").asText();
    }

    /** Removes the default subnet's engine network (servers run as processes leave it behind). */
    public void removeEngineNetwork() {
        Shell.run("docker", "network", "rm", "nc-" + network.subnetId());
    }

    /** Deletes every container of the account and waits until they are gone. */
    public void deleteAll() {
        ApiResponse list = client.get(BASE, Map.of("pageSize", "100"));
        for (JsonNode c : list.result().path("containers")) {
            String id = c.path("containerId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("pending", "starting", "stopping").contains(status(id)));
            if (!status(id).equals("gone") && !status(id).equals("deleting")) {
                delete(id);
            }
            awaitStatus(id, "gone", Duration.ofSeconds(60));
        }
    }
}
