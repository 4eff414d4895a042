package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import nc.config.Config;
import nc.runtime.host.HostDisks;
import nc.runtime.host.LoopDisks;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Shell;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A reboot loses every mount and loop device while the engine brings containers back by itself:
 * such a container must not write into the host's own filesystem in its disk's place, and a
 * starting server attaches the disk again and restarts the container onto it.
 */
class DiskRecoveryOnEngineTest {

    private static String exec(String id, String script) {
        return Engine.docker("exec", "nc-" + id, "sh", "-c", script);
    }

    @Test
    void aStartingServerAttachesTheDisksOfARunningContainerAgainAndRestartsItOntoThem() {
        Engine engine = Engine.get();
        HostDisks.assumeLoopDevices();
        // no periodic sync: what is repaired here is repaired by the start
        try (TestServer server = TestServer.start(c -> c.withEngine(
                new Config.Engine(Engine.DOCKER_HOST.toString(), null, Duration.ofHours(1))))) {
            Containers containers = new Containers(server, engine);
            Path diskDir = ((LoopDisks) server.server().diskVolumes()).root();
            String id = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\","
                    + "\"cloudDiskSpec\":{\"name\":\"data\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep");
            containers.awaitRunning(id);
            exec(id, "echo before-reboot > /data/kept.txt && sync");

            // the reboot: the container stops, the kernel forgets mounts and loop devices, the engine starts the container again
            Engine.docker("stop", "nc-" + id);
            String diskId = containers.describe(id).path("dataVolumes").get(0).path("cloudDisk").path("diskId").asText();
            Path mountPoint = diskDir.resolve("mnt").resolve(diskId);
            Shell.run("umount", mountPoint.toString()).orThrow();
            HostDisks.loopDevices(diskDir).forEach(l -> Shell.run("losetup", "-d", l.split(" ")[0]).orThrow());
            assertThat(HostDisks.mounts(diskDir)).isEmpty();
            // a detached loop device goes once the stopped container's last reference to its filesystem is released
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HostDisks.loopDevices(diskDir)).isEmpty());
            Engine.docker("start", "nc-" + id);
            assertThat(exec(id, "(echo lost > /data/lost.txt) 2>&1; ls /data")).contains("Operation not permitted")
                    .doesNotContain("kept.txt");

            server.restart();
            containers = new Containers(server.client(), engine, containers.network(), containers.secret());
            Containers restarted = containers;

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                    assertThat(exec(id, "cat /data/kept.txt")).isEqualTo("before-reboot\n"));
            assertThat(restarted.describe(id).path("status").asText()).isEqualTo("running");
            assertThat(HostDisks.loopDevices(diskDir)).hasSize(1);
            assertThat(exec(id, "echo after > /data/after.txt && cat /data/after.txt")).isEqualTo("after\n");

            containers.deleteAll();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HostDisks.traces(diskDir)).isEmpty());
            containers.removeEngineNetwork();
        }
    }
}
