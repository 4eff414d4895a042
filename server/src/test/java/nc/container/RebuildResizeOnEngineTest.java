package nc.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import nc.testing.ApiResponse;
import nc.testing.Engine;
import nc.testing.OnEngine;
import nc.testing.Shell;
import org.junit.jupiter.api.Test;

/** rebuildContainer and resizeContainer (docs/api/nativecontainer.md §3.5, §3.6, issue 9 item 4) in the real engine. */
class RebuildResizeOnEngineTest extends OnEngine {
    private static final long GIB = 1L << 30;

    private static String inspect(String id, String template) {
        return Engine.docker("inspect", "--format", template, "nc-" + id).strip();
    }

    private static String stopped(String extraSpecMembers, String... args) {
        String id = containers.createOne(extraSpecMembers, args);
        containers.awaitRunning(id);
        assertThat(containers.action(id, "stopContainer").status()).isEqualTo(200);
        containers.awaitStatus(id, "stopped", Duration.ofSeconds(30));
        return id;
    }

    private static void start(String id) {
        ApiResponse started = containers.action(id, "startContainer");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        containers.awaitRunning(id);
    }

    @Test
    void aResizedContainerRunsWithTheNewTypesCpuAndMemoryLimits() {
        String id = stopped("", "sleep");
        assertThat(inspect(id, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(2 * GIB));
        String ip = containers.describe(id).path("privateIpAddress").asText();

        ApiResponse resized = containers.client().service("nativecontainer")
                .post("/v1/regions/cn-north-1/containers/" + id + ":resize", "{\"instanceType\":\"g.n2.large\"}");
        assertThat(resized.status()).as(resized.toString()).isEqualTo(200);
        assertThat(containers.describe(id).path("instanceType").asText()).isEqualTo("g.n2.large");
        assertThat(containers.status(id)).isEqualTo("stopped");

        start(id);
        long cpus = Math.min(2, Runtime.getRuntime().availableProcessors());
        assertThat(inspect(id, "{{.HostConfig.NanoCpus}}")).isEqualTo(String.valueOf(cpus * 1_000_000_000L));
        assertThat(inspect(id, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(8 * GIB));
        assertThat(containers.describe(id).path("privateIpAddress").asText()).isEqualTo(ip);
    }

    @Test
    void aRebuildKeepsIdAddressDisksAndElasticIpAndRunsTheNewImagePulledWithTheSecret() {
        String id = stopped("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\",\"cloudDiskSpec\":{\"name\":\"data\","
                + "\"diskType\":\"ssd\",\"diskSizeGB\":20}}],\"elasticIp\":{\"bandwidthMbps\":5,\"provider\":\"bgp\"},"
                + "\"envs\":[{\"name\":\"OLD\",\"value\":\"1\"}]", "sleep");
        start(id);
        Engine.docker("exec", "nc-" + id, "sh", "-c", "echo kept > /data/f && echo lost > /root-file");
        assertThat(containers.action(id, "stopContainer").status()).isEqualTo(200);
        JsonNode before = containers.awaitStatus(id, "stopped", Duration.ofSeconds(30));
        String newImage = engine.pushTag("rebuilt-" + System.nanoTime());
        try {
            ApiResponse rebuilt = containers.client().service("nativecontainer").post(
                    "/v1/regions/cn-north-1/containers/" + id + ":rebuild",
                    "{\"image\":\"" + newImage + "\",\"secret\":\"" + containers.secret() + "\",\"command\":[\"/bin/nc-test-app\"],"
                            + "\"args\":[\"env\",\"pwd\",\"sleep\"],\"tty\":\"false\",\"workingDir\":\"/tmp\","
                            + "\"envs\":[{\"name\":\"NEW\",\"value\":\"2\"}],\"cookies\":[]}");
            assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
            JsonNode after = containers.awaitStatus(id, "stopped", Duration.ofSeconds(60));
            assertThat(after.path("image").asText()).as(after.toString()).isEqualTo(newImage);
            assertThat(after.path("reason").isMissingNode()).as(after.toString()).isTrue();
            assertThat(Engine.exists("container", "nc-" + id)).isFalse();

            start(id);
            JsonNode running = containers.describe(id);
            assertThat(running.path("privateIpAddress").asText()).isEqualTo(before.path("privateIpAddress").asText());
            assertThat(running.path("elasticIpAddress").asText()).isEqualTo(before.path("elasticIpAddress").asText()).isNotEmpty();
            assertThat(running.path("rootVolume").path("cloudDisk").path("diskId").asText())
                    .isEqualTo(before.path("rootVolume").path("cloudDisk").path("diskId").asText());
            assertThat(running.path("dataVolumes").get(0).path("cloudDisk").path("diskId").asText())
                    .isEqualTo(before.path("dataVolumes").get(0).path("cloudDisk").path("diskId").asText());
            assertThat(inspect(id, "{{.Config.Image}}")).isEqualTo(newImage);
            assertThat(inspect(id, "{{.Config.WorkingDir}}")).isEqualTo("/tmp");
            assertThat(inspect(id, "{{json .Config.Env}}")).contains("NEW=2").doesNotContain("OLD=1");
            assertThat(Engine.docker("exec", "nc-" + id, "cat", "/data/f")).isEqualTo("kept\n");
            assertThat(Shell.run("docker", "exec", "nc-" + id, "cat", "/root-file").exitCode()).isNotZero();
        } finally {
            Shell.run("docker", "rmi", newImage);
        }
    }

    @Test
    void aRebuildWhosePullFailsLeavesTheContainerStoppedWithItsOldImageAndAReason() {
        String id = stopped("", "sleep");
        String missing = engine.registry() + "/nc-test/app:no-such-tag";
        ApiResponse rebuilt = containers.client().post("/v1/regions/cn-north-1/containers/" + id + ":rebuild",
                "{\"image\":\"" + missing + "\",\"secret\":\"" + containers.secret() + "\"}");
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> containers.describe(id).path("reason").asText().startsWith("rebuild failed: "));
        JsonNode after = containers.describe(id);
        assertThat(after.path("status").asText()).isEqualTo("stopped");
        assertThat(after.path("image").asText()).isEqualTo(engine.image());
        assertThat(after.path("reason").asText()).contains("no-such-tag");

        start(id);
        assertThat(inspect(id, "{{.Config.Image}}")).isEqualTo(engine.image());
    }
}
