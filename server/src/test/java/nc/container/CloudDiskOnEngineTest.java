package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nc.runtime.host.HostDisks;
import nc.runtime.host.LoopDisks;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud disks are real block devices with real filesystems (the cloud-disk issue): data volumes
 * are loop devices formatted as asked, bound into the container, gone with it; a kept disk keeps
 * its files for the next container unless formatVolume asks otherwise.
 */
class CloudDiskOnEngineTest extends OnEngine {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private Path diskDir;

    @BeforeEach
    void loopDisks() {
        HostDisks.assumeLoopDevices();
        assertThat(server.server().diskVolumes()).isInstanceOf(LoopDisks.class);
        diskDir = ((LoopDisks) server.server().diskVolumes()).root();
    }

    private static String exec(String id, String script) {
        return Engine.docker("exec", "nc-" + id, "sh", "-c", script);
    }

    /** The line of /proc/mounts inside the container for this mount path. */
    private static String mountLine(String id, String path) {
        return exec(id, "cat /proc/mounts").lines().filter(l -> l.split(" ")[1].equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not mounted in " + id));
    }

    private static long sizeBytes(String id, String path) {
        String line = exec(id, "df -k " + path).lines().skip(1).findFirst().orElseThrow();
        return Long.parseLong(line.trim().split("\\s+")[1]) * 1024;
    }

    /** The disk's row as the database has it: its status, or "gone". */
    private static String diskStatus(String diskId) {
        Jdbi db = Jdbi.create(server.server().config().effectiveDbUrl(), server.server().config().dbUser(),
                server.server().config().dbPassword());
        return db.withHandle(h -> h.createQuery("SELECT status FROM disks WHERE disk_id = :id").bind("id", diskId)
                .mapTo(String.class).findOne().orElse("gone"));
    }

    @Test
    void dataVolumesAreFilesystemsOfTheirSizeAndTypeHonourReadOnlyAndLeaveNothingBehind() {
        List<String> before = HostDisks.traces(diskDir);
        int imagesBefore = HostDisks.images(diskDir).size();
        int loopsBefore = HostDisks.loopDevices(diskDir).size();
        int mountsBefore = HostDisks.mounts(diskDir).size();
        String id = containers.createOne("\"dataVolumes\":["
                + "{\"category\":\"cloud\",\"mountPath\":\"/data\",\"cloudDiskSpec\":{\"name\":\"data\",\"diskType\":\"ssd\",\"diskSizeGB\":20}},"
                + "{\"category\":\"cloud\",\"mountPath\":\"/logs\",\"fsType\":\"ext4\",\"cloudDiskSpec\":{\"name\":\"logs\","
                + "\"diskType\":\"premium-hdd\",\"diskSizeGB\":30}},"
                + "{\"category\":\"cloud\",\"mountPath\":\"/ro\",\"readOnly\":true,\"cloudDiskSpec\":{\"name\":\"ro\","
                + "\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep");
        JsonNode c = containers.awaitRunning(id);
        assertThat(c.path("dataVolumes").get(0).path("fsType").asText()).isEqualTo("xfs");
        assertThat(c.path("dataVolumes").get(1).path("fsType").asText()).isEqualTo("ext4");

        assertThat(mountLine(id, "/data")).startsWith("/dev/loop").contains(" /data xfs rw,");
        assertThat(mountLine(id, "/logs")).startsWith("/dev/loop").contains(" /logs ext4 rw,");
        assertThat(mountLine(id, "/ro")).startsWith("/dev/loop").contains(" /ro xfs ro,");
        assertThat(sizeBytes(id, "/data")).isBetween(19 * GIB, 20 * GIB);
        assertThat(sizeBytes(id, "/logs")).isBetween(29 * GIB, 30 * GIB);
        assertThat(exec(id, "echo written > /data/f && cat /data/f")).isEqualTo("written\n");
        assertThat(exec(id, "(echo x > /ro/f) 2>&1; echo exit=$?")).contains("Read-only file system").contains("exit=1");

        // on the host: one sparse file, one loop device and one mount per data disk, none for the root volume
        assertThat(HostDisks.images(diskDir)).hasSize(imagesBefore + 3);
        assertThat(HostDisks.loopDevices(diskDir)).hasSize(loopsBefore + 3);
        assertThat(HostDisks.mounts(diskDir)).hasSize(mountsBefore + 3);
        for (JsonNode volume : c.path("dataVolumes")) {
            Path image = diskDir.resolve("images").resolve(volume.path("cloudDisk").path("diskId").asText() + ".img");
            assertThat(image.toFile().length()).isEqualTo(volume.path("cloudDisk").path("diskSize").asLong() * GIB);
            assertThat(HostDisks.allocatedBytes(image)).as("sparse: %s", image).isLessThan(100 * MIB);
        }

        // the root volume: a size limit where the engine's storage driver has one
        String storageOpt = Engine.docker("inspect", "--format", "{{json .HostConfig.StorageOpt}}", "nc-" + id).strip();
        if (server.server().runtime().limitsRootFs()) {
            assertThat(storageOpt).isEqualTo("{\"size\":\"" + 10 * GIB + "\"}");
            assertThat(sizeBytes(id, "/")).isLessThanOrEqualTo(10 * GIB);
        } else {
            assertThat(storageOpt).isIn("null", "{}");
        }

        assertThat(containers.delete(id).status()).isEqualTo(200);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        // the disks are destroyed right after the container's row is gone
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(HostDisks.traces(diskDir)).as("loop devices, mounts and files after the delete").isEqualTo(before));
    }

    @Test
    void aKeptDiskKeepsItsFilesForTheNextContainerUnlessFormatVolumeAsks() {
        List<String> before = HostDisks.traces(diskDir);
        String a = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\",\"autoDelete\":false,"
                + "\"cloudDiskSpec\":{\"name\":\"kept\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep");
        String diskId = containers.awaitRunning(a).path("dataVolumes").get(0).path("cloudDisk").path("diskId").asText();
        exec(a, "echo from-a > /data/kept.txt && sync");
        assertThat(containers.delete(a).status()).isEqualTo(200);
        containers.awaitStatus(a, "gone", Duration.ofSeconds(60));

        // kept: available in the database; on the host its file, but no loop device and no mount
        assertThat(diskStatus(diskId)).isEqualTo("available");
        Path image = diskDir.resolve("images").resolve(diskId + ".img");
        assertThat(image).exists();
        assertThat(HostDisks.loopDevices(diskDir)).noneMatch(l -> l.contains(diskId));
        assertThat(HostDisks.mounts(diskDir)).noneMatch(l -> l.contains(diskId));

        // attached as it is: the file is there
        String b = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\",\"autoDelete\":false,"
                + "\"cloudDiskId\":\"" + diskId + "\",\"fsType\":\"xfs\"}]", "sleep");
        JsonNode described = containers.awaitRunning(b);
        assertThat(described.path("dataVolumes").get(0).path("cloudDisk").path("status").asText()).isEqualTo("in-use");
        assertThat(diskStatus(diskId)).isEqualTo("in-use");
        assertThat(exec(b, "cat /data/kept.txt")).isEqualTo("from-a\n");
        assertThat(mountLine(b, "/data")).contains(" /data xfs rw,");
        assertThat(containers.delete(b).status()).isEqualTo(200);
        containers.awaitStatus(b, "gone", Duration.ofSeconds(60));
        assertThat(diskStatus(diskId)).isEqualTo("available");

        // formatVolume: formatted to the fsType asked before it is mounted, so the file is gone
        String c = containers.createOne("\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\",\"cloudDiskId\":\""
                + diskId + "\",\"fsType\":\"ext4\",\"formatVolume\":true}]", "sleep");
        containers.awaitRunning(c);
        assertThat(mountLine(c, "/data")).contains(" /data ext4 rw,");
        assertThat(exec(c, "ls -a /data")).doesNotContain("kept.txt");

        // autoDelete (the default) this time: the disk goes with the container, and its file
        assertThat(containers.delete(c).status()).isEqualTo(200);
        containers.awaitStatus(c, "gone", Duration.ofSeconds(60));
        assertThat(diskStatus(diskId)).isEqualTo("gone");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HostDisks.traces(diskDir)).isEqualTo(before));
        assertThat(image).doesNotExist();
    }
}
