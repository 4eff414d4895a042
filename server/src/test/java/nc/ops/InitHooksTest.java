package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import nc.runtime.FakeRuntime;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Executable scripts in <data>/init/ready.d run once the server is ready; /_nc/info shows how each went. */
class InitHooksTest {

    private static void script(Path dir, String name, String body, boolean executable) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, "#!/bin/bash\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void hooksRunInOrderOnceTheServerAnswersAndTheirResultsAreShown() {
        AtomicReference<Path> data = new AtomicReference<>();
        try (TestServer server = TestServer.start(TestDatabase.H2, c -> {
            Path hooks = c.dataDir().resolve("init").resolve("ready.d");
            data.set(c.dataDir());
            // asks the server it was started by: it must already answer, on the endpoint the hook is given
            script(hooks, "10-ask-the-server", """
                    port=${NC_ENDPOINT##*:}
                    exec 3<>/dev/tcp/127.0.0.1/$port
                    printf 'GET /_nc/health HTTP/1.0\\r\\n\\r\\n' >&3
                    head -1 <&3
                    echo "data=$NC_DATA"
                    date +%s%N > "$NC_DATA/first-ran"
                    """, true);
            script(hooks, "20-fails", "echo broken >&2; exit 3", true);
            script(hooks, "30-not-executable", "echo never", false);
            script(hooks, "40-after-a-failure", "date +%s%N > \"$NC_DATA/last-ran\"; echo still runs", true);
            return c;
        }, new FakeRuntime())) {
            int port = server.server().port();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Plain.json(Plain.get(port, "/_nc/info")).path("initHooks").path("state").asText().equals("done"));
            JsonNode results = Plain.json(Plain.get(port, "/_nc/info")).path("initHooks").path("results");
            assertThat(results).hasSize(4);

            assertThat(results.get(0).path("name").asText()).isEqualTo("10-ask-the-server");
            assertThat(results.get(0).path("status").asText()).isEqualTo("ok");
            assertThat(results.get(0).path("exitCode").asInt()).isZero();
            assertThat(results.get(0).path("output").asText()).startsWith("HTTP/1.").contains(" 200 ").contains("data=" + data.get());

            assertThat(results.get(1).path("name").asText()).isEqualTo("20-fails");
            assertThat(results.get(1).path("status").asText()).isEqualTo("failed");
            assertThat(results.get(1).path("exitCode").asInt()).isEqualTo(3);
            assertThat(results.get(1).path("output").asText()).isEqualTo("broken\n");

            assertThat(results.get(2).path("status").asText()).isEqualTo("skipped");
            assertThat(results.get(3).path("status").asText()).isEqualTo("ok");
            assertThat(results.get(3).path("output").asText()).isEqualTo("still runs\n");
            assertThat(Long.parseLong(read(data.get().resolve("last-ran"))))
                    .isGreaterThan(Long.parseLong(read(data.get().resolve("first-ran"))));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
