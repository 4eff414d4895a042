package nc.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import nc.network.DefaultNetwork;
import nc.testing.ApiResponse;
import nc.testing.SignedClient;

/** The disk API as the vendor's DiskClient calls it: signed with scope service {@code disk}. */
final class DiskCalls {
    static final String DISKS = "/v1/regions/cn-north-1/disks";
    static final String SNAPSHOTS = "/v1/regions/cn-north-1/snapshots";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final SignedClient client;

    DiskCalls(SignedClient anyScope) {
        this.client = anyScope.service("disk");
    }

    SignedClient client() {
        return client;
    }

    /** A createDisks body as the Java SDK 0.12.8 writes it (regionId copy, cookies, a fresh clientToken). */
    static ObjectNode body(String name, String type, int sizeGb, int maxCount) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode spec = body.putObject("diskSpec");
        spec.put("az", "cn-north-1a");
        spec.put("name", name);
        spec.put("diskType", type);
        spec.put("diskSizeGB", sizeGb);
        body.put("maxCount", maxCount);
        body.put("clientToken", UUID.randomUUID().toString());
        body.put("regionId", "cn-north-1");
        body.putArray("cookies");
        return body;
    }

    static ObjectNode spec(ObjectNode body) {
        return (ObjectNode) body.get("diskSpec");
    }

    ApiResponse createRaw(JsonNode body) {
        return client.post(DISKS, body.toString());
    }

    List<String> create(JsonNode body) {
        ApiResponse r = createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.result().path("diskIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    String createOne(String name) {
        return create(body(name, "ssd", 20, 1)).get(0);
    }

    /** A disk that finished provisioning. */
    String createAvailable(String name) {
        String id = createOne(name);
        awaitStatus(id, "available");
        return id;
    }

    JsonNode describe(String diskId) {
        ApiResponse r = client.get(DISKS + "/" + diskId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("disk");
    }

    String status(String diskId) {
        ApiResponse r = client.get(DISKS + "/" + diskId);
        return r.status() == 404 ? "gone" : r.result().path("disk").path("status").asText();
    }

    void awaitStatus(String diskId, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(status(diskId)).as("status of " + diskId).isEqualTo(status));
    }

    ApiResponse delete(String diskId) {
        return client.delete(DISKS + "/" + diskId);
    }

    /** A createContainers body: the image on the network's default subnet and group, with these raw JSON data volumes. */
    static String containerBody(DefaultNetwork network, String image, String name, String dataVolumes) {
        return "{\"containerSpec\":{\"instanceType\":\"g.s1.micro\",\"az\":\"cn-north-1a\",\"name\":\"" + name + "\","
                + "\"image\":\"" + image + "\",\"rootVolume\":{\"category\":\"cloud\",\"cloudDiskSpec\":{\"name\":\"root\","
                + "\"diskType\":\"ssd\",\"diskSizeGB\":10}},\"dataVolumes\":[" + dataVolumes + "],"
                + "\"primaryNetworkInterface\":{\"networkInterface\":{\"subnetId\":\"" + network.subnetId() + "\","
                + "\"securityGroups\":[\"" + network.securityGroupId() + "\"]}}}}";
    }

    static ObjectNode snapshotBody(String diskId, String name) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode spec = body.putObject("snapshotSpec");
        spec.put("name", name);
        spec.put("diskId", diskId);
        body.put("clientToken", UUID.randomUUID().toString());
        body.put("regionId", "cn-north-1");
        body.putArray("cookies");
        return body;
    }

    ApiResponse snapshotRaw(JsonNode body) {
        return client.post(SNAPSHOTS, body.toString());
    }

    String snapshot(String diskId, String name) {
        ApiResponse r = snapshotRaw(snapshotBody(diskId, name));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("snapshotId").asText();
    }

    String availableSnapshot(String diskId, String name) {
        String id = snapshot(diskId, name);
        awaitSnapshotStatus(id, "available");
        return id;
    }

    JsonNode describeSnapshot(String snapshotId) {
        ApiResponse r = client.get(SNAPSHOTS + "/" + snapshotId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result().path("snapshot");
    }

    String snapshotStatus(String snapshotId) {
        ApiResponse r = client.get(SNAPSHOTS + "/" + snapshotId);
        return r.status() == 404 ? "gone" : r.result().path("snapshot").path("status").asText();
    }

    void awaitSnapshotStatus(String snapshotId, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(snapshotStatus(snapshotId)).as("status of " + snapshotId).isEqualTo(status));
    }

    ApiResponse deleteSnapshot(String snapshotId) {
        return client.delete(SNAPSHOTS + "/" + snapshotId);
    }

    // ---- refusals ---------------------------------------------------------------------------------

    static void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).as(response.toString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().has("result")).isFalse();
        assertThat(response.errorMessage()).as("message names %s", field)
                .matches("(?s).*(?<![\\w.\\[])" + Pattern.quote(field) + "(?![\\w.]).*");
    }

    static void assertRefused(ApiResponse response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(response.errorMessage()).isEqualTo(message);
    }

    static void assertNotFound(ApiResponse response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(response.errorMessage()).isEqualTo(message);
    }

    static void assertQuotaExceeded(ApiResponse response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(429);
        assertThat(response.errorStatus()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(429);
        assertThat(response.errorMessage()).isEqualTo(message);
    }
}
