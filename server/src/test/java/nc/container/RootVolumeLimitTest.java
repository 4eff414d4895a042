package nc.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nc.config.Config;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Shell;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rootVolume.diskSizeGB limits the container's own filesystem on an engine whose storage driver
 * takes a size per container: here a second engine on btrfs (scripts/btrfs-engine.sh), next to
 * the host's overlay2-on-ext4 one, which cannot.
 */
class RootVolumeLimitTest {
    /** The project's script, found from the module's folder (where Maven runs the tests) or the project's. */
    private static final Path SCRIPT = Stream.of(Path.of("scripts/btrfs-engine.sh"), Path.of("../scripts/btrfs-engine.sh"))
            .filter(Files::exists).findFirst().orElseThrow().toAbsolutePath();
    private static String engineHost;
    private static TestServer server;
    private static Containers containers;

    @BeforeAll
    static void btrfsEngine() {
        Engine engine = Engine.get();
        engineHost = Shell.run(List.of("bash", SCRIPT.toString(), "start"), Map.of(), null, Duration.ofMinutes(5))
                .orThrow().strip();
        assertThat(docker("info", "--format", "{{.Driver}}").strip()).isEqualTo("btrfs");
        server = TestServer.start(c -> c.withEngine(new Config.Engine(engineHost, null, Duration.ofSeconds(5))));
        containers = new Containers(server, engine);
    }

    @AfterAll
    static void stop() {
        try {
            if (containers != null) {
                containers.deleteAll();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            Shell.run("bash", SCRIPT.toString(), "stop");
        }
    }

    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", engineHost));
        command.addAll(List.of(args));
        return Shell.run(command, Map.of(), null, Duration.ofMinutes(2)).orThrow();
    }

    private static Shell.Result exec(String id, String script) {
        return Shell.run("docker", "-H", engineHost, "exec", "nc-" + id, "sh", "-c", script);
    }

    @Test
    void aContainerCannotWriteMoreThanItsRootVolumeIntoItsOwnFilesystem() {
        String id = containers.createOne(null, "sleep");
        containers.awaitRunning(id);
        assertThat(docker("inspect", "--format", "{{index .HostConfig.StorageOpt \"size\"}}", "nc-" + id).strip())
                .as("the engine got the root volume's size").isEqualTo(Long.toString(10L << 30));

        Shell.Result within = exec(id, "fallocate -l 9G /within && echo written");
        assertThat(within.stdout()).as(within.stderr()).contains("written");
        Shell.Result past = exec(id, "fallocate -l 2G /past");
        assertThat(past.exitCode()).isNotZero();
        assertThat(past.stderr()).contains("Disk quota exceeded");
        Shell.Result freed = exec(id, "rm /within && fallocate -l 2G /past && echo written");
        assertThat(freed.stdout()).as("space freed is space again").contains("written");
    }
}
