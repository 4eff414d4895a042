package nc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.SignedClient;

/** Containers of one tenant on the fake runtime, in subnets and groups the test made through the vpc API. */
final class FakeContainers {
    static final String BASE = "/v1/regions/cn-north-1/containers";
    static final String IMAGE = "127.0.0.1:1/app:1";
    static final String BROKEN_IMAGE = "127.0.0.1:1/broken:1";
    private final SignedClient client;

    FakeContainers(FakeRuntime runtime, SignedClient client) {
        this.client = client;
        runtime.pull(IMAGE, Optional.empty());
        runtime.failPull(BROKEN_IMAGE, "manifest unknown");
    }

    static String body(String subnetId, String groupId, int count, String extraSpecMembers) {
        return "{\"maxCount\":" + count + ",\"containerSpec\":{\"instanceType\":\"g.s1.micro\",\"az\":\"cn-north-1a\","
                + "\"name\":\"app\",\"image\":\"" + IMAGE + "\",\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":"
                + "{\"name\":\"r\",\"diskType\":\"ssd\",\"diskSizeGB\":10}},\"primaryNetworkInterface\":{\"networkInterface\":"
                + "{\"subnetId\":\"" + subnetId + "\",\"securityGroups\":[\"" + groupId + "\"]}}"
                + (extraSpecMembers == null ? "" : "," + extraSpecMembers) + "}}";
    }

    ApiResponse tryCreate(String body) {
        return client.post(BASE, body);
    }

    List<String> create(String body) {
        ApiResponse r = tryCreate(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.result().path("containerIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** Created and running. */
    String running(String subnetId, String groupId, String extraSpecMembers) {
        String id = create(body(subnetId, groupId, 1, extraSpecMembers)).get(0);
        awaitStatus(id, "running");
        return id;
    }

    JsonNode describe(String id) {
        ApiResponse r = client.get(BASE + "/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("container");
    }

    String status(String id) {
        ApiResponse r = client.get(BASE + "/" + id);
        return r.status() == 404 ? "gone" : r.result().path("container").path("status").asText();
    }

    void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(id)).as("status of " + id).isEqualTo(status));
    }

    ApiResponse action(String id, String action, String json) {
        return client.post(BASE + "/" + id + ":" + action, json);
    }

    ApiResponse associate(String id, String eipId) {
        return action(id, "associateElasticIp", "{\"elasticIpId\":\"" + eipId + "\"}");
    }

    ApiResponse disassociate(String id, String eipId) {
        return action(id, "disassociateElasticIp", "{\"elasticIpId\":\"" + eipId + "\"}");
    }

    void stop(String id) {
        assertThat(action(id, "stopContainer", "{}").status()).isEqualTo(200);
        awaitStatus(id, "stopped");
    }

    /** Waits out a create, start or stop still in progress (delete refuses those), then deletes. */
    void deleteAndWait(String id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> !List.of("pending", "starting", "stopping").contains(status(id)));
        ApiResponse r = client.delete(BASE + "/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        awaitStatus(id, "gone");
    }
}
