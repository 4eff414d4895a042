package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.SignedClient;
import nc.testing.Stderr;
import nc.testing.StreamClient;
import nc.testing.StreamClient.Message;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exec over the signed WebSocket of docs/api/nativecontainer.md §6 on the real engine, with a client that
 * frames input and reads output as jdc does (issue 9 item 2).
 */
class ExecOnEngineTest {
    private static final Duration SESSION = Duration.ofSeconds(30);
    static TestServer server;
    static Containers containers;
    static SignedClient client;
    static String running;

    @BeforeAll
    static void start() {
        Engine engine = Engine.get();
        // short limits for this server only, so that the stall and idle rules can be watched at work
        System.setProperty("nc.stream.stallSeconds", "3");
        System.setProperty("nc.exec.idleSeconds", "8");
        try {
            server = TestServer.start();
        } finally {
            System.clearProperty("nc.stream.stallSeconds");
            System.clearProperty("nc.exec.idleSeconds");
        }
        containers = new Containers(server, engine);
        client = containers.client().service("nativecontainer");
        running = containers.createOne("", "sleep");
        containers.awaitRunning(running);
    }

    @AfterAll
    static void stop() {
        if (containers != null) {
            containers.deleteAll();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String path(String containerId, String action) {
        return Containers.BASE + "/" + containerId + ":" + action;
    }

    private static String execCreate(SignedClient as, String containerId, String body) {
        ApiResponse r = as.post(path(containerId, "execCreate"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.result().path("execId").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        return id;
    }

    private static StreamClient execStart(SignedClient as, String containerId, String execId) {
        return StreamClient.open(as, path(containerId, "execStart"), Map.of("execId", execId));
    }

    private static JsonNode exitResult(String containerId, String execId) {
        ApiResponse r = client.get(path(containerId, "execGetExitCode"), Map.of("execId", execId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.result();
    }

    private static JsonNode exitMessage(List<Message> received) {
        return received.stream().filter(m -> !m.isClose() && "exit".equals(m.json().path("type").asText()))
                .map(Message::json).findFirst().orElseThrow(() -> new AssertionError("no exit message in " + received));
    }

    @Test
    void pipedStdinWithoutATerminalEndsAtEotWithStdoutAndStderrApartAndTheExitCode() {
        String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\"],\"tty\":\"false\",\"input_json\":null}");
        assertThat(exitResult(running, execId).has("exitCode")).isFalse();
        try (StreamClient session = execStart(client, running, execId)) {
            session.send("echo hello; echo oops >&2; exit 3\n");
            session.send("\u0004");
            List<Message> received = session.untilClose(SESSION);
            assertThat(StreamClient.output(received, "stdout")).isEqualTo("hello\n");
            assertThat(StreamClient.output(received, "stderr")).isEqualTo("oops\n");
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(3);
            assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
        }
        assertThat(exitResult(running, execId).path("exitCode").asInt()).isEqualTo(3);

        StreamClient.Refusal again = StreamClient.refused(client, path(running, "execStart"), Map.of("execId", execId));
        assertThat(again.status()).isEqualTo(400);
        ApiResponse after = client.post(path(running, "resizeTTY"), "{\"height\":40,\"width\":120,\"execId\":\"" + execId + "\"}");
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
    }

    @Test
    void aMissingExecutableEndsTheSessionNormallyWith127() {
        String execId = execCreate(client, running, "{\"command\":[\"/no/such-binary\",\"x\"]}");
        try (StreamClient session = execStart(client, running, execId)) {
            List<Message> received = session.untilClose(SESSION);
            assertThat(StreamClient.output(received, "stderr")).startsWith("exec failed: ").contains("/no/such-binary")
                    .endsWith("\n");
            assertThat(StreamClient.output(received, "stdout")).isEmpty();
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(127);
            assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
        }
        assertThat(exitResult(running, execId).path("exitCode").asInt()).isEqualTo(127);

        String notRunnable = execCreate(client, running, "{\"command\":[\"/etc/hostname\"]}");
        try (StreamClient session = execStart(client, running, notRunnable)) {
            List<Message> received = session.untilClose(SESSION);
            assertThat(StreamClient.output(received, "stderr")).startsWith("exec failed: ");
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(126);
        }
    }

    @Test
    void eotClosesStdinSoCatEndsAndItsOutputIsComplete() {
        String execId = execCreate(client, running, "{\"command\":[\"cat\"]}");
        try (StreamClient session = execStart(client, running, execId)) {
            session.send("line one\nline two\n");
            session.send("\u0004");
            session.send("");
            session.send("\u0004");
            List<Message> received = session.untilClose(SESSION);
            assertThat(StreamClient.output(received, "stdout")).isEqualTo("line one\nline two\n");
            assertThat(exitMessage(received).path("exitCode").asInt()).isZero();
        }
    }

    @Test
    void aTerminalFollowsResizeTtyBeforeAndDuringTheSession() {
        String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\"],\"tty\":true}");
        assertThat(client.post(path(running, "resizeTTY"), "{\"height\":40,\"width\":120,\"execId\":\"" + execId + "\"}")
                .status()).isEqualTo(200);
        try (StreamClient session = execStart(client, running, execId)) {
            session.send("stty size\r");
            await().atMost(SESSION).until(() -> drain(session).contains("40 120"));
            ApiResponse resized = client.post(path(running, "resizeTTY"), "{\"height\":50,\"width\":100,\"execId\":\"" + execId + "\"}");
            assertThat(resized.status()).as(resized.toString()).isEqualTo(200);
            session.send("stty size; exit 5\r");
            List<Message> received = session.untilClose(SESSION);
            assertThat(StreamClient.output(received, "stdout")).contains("50 100");
            assertThat(StreamClient.output(received, "stderr")).isEmpty();
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(5);
        }
        assertThat(exitResult(running, execId).path("exitCode").asInt()).isEqualTo(5);
    }

    private static final StringBuilder DRAINED = new StringBuilder();

    /** Output read so far from a session that is still open (polling helper). */
    private static String drain(StreamClient session) {
        try {
            Message m = session.next(Duration.ofMillis(200));
            if (!m.isClose()) {
                DRAINED.append(m.json().path("output").asText());
            }
        } catch (AssertionError nothingYet) {
            // keep polling
        }
        return DRAINED.toString();
    }

    @Test
    void badSignaturesOtherAccountsAndOtherContainersGetNoSession() {
        String execId = execCreate(client, running, "{\"command\":[\"cat\"]}");
        String start = path(running, "execStart");

        StreamClient.Refusal unsigned = StreamClient.refused(client.withKeys(server.defaultKey().accessKey(), "wrong-secret"), start,
                Map.of("execId", execId));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body()).contains("UNAUTHENTICATED");

        SignedClient stranger = server.newTenant().service("nativecontainer");
        assertThat(StreamClient.refused(stranger, start, Map.of("execId", execId)).status()).isEqualTo(404);
        assertThat(stranger.get(path(running, "execGetExitCode"), Map.of("execId", execId)).status()).isEqualTo(404);

        String other = containers.createOne("", "sleep");
        containers.awaitRunning(other);
        StreamClient.Refusal elsewhere = StreamClient.refused(client, path(other, "execStart"), Map.of("execId", execId));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("exec " + execId + " not found in container " + other);
        assertThat(StreamClient.refused(client, start, Map.of("execId", "0".repeat(32))).status()).isEqualTo(404);

        // the exec refused above was never started: it still runs for its owner
        try (StreamClient session = execStart(client, running, execId)) {
            session.send("still mine\n");
            session.send("\u0004");
            assertThat(StreamClient.output(session.untilClose(SESSION), "stdout")).isEqualTo("still mine\n");
        }

        ApiResponse plainGet = client.get(start, Map.of("execId", execId));
        assertThat(plainGet.status()).isEqualTo(400);
        assertThat(plainGet.errorMessage()).contains("websocket upgrade required");
    }

    @Test
    void theRestRefusalsOfExecCreateAndItsCompanions() {
        ApiResponse noCommand = client.post(path(running, "execCreate"), "{\"tty\":true}");
        assertThat(noCommand.status()).isEqualTo(400);
        assertThat(noCommand.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(noCommand.errorMessage()).contains("command is required");
        assertThat(client.post(path(running, "execCreate"), "{\"command\":[]}").status()).isEqualTo(400);
        assertThat(client.post(path(running, "execCreate"), "{\"command\":[\"sh\"],\"tty\":\"maybe\"}").status()).isEqualTo(400);

        String stopped = containers.createOne("", "sleep");
        containers.awaitRunning(stopped);
        String unstarted = execCreate(client, stopped, "{\"command\":[\"true\"]}");
        containers.action(stopped, "stopContainer");
        containers.awaitStatus(stopped, "stopped", Duration.ofSeconds(30));
        // an exec never started expires when its container leaves running
        assertThat(client.get(path(stopped, "execGetExitCode"), Map.of("execId", unstarted)).status()).isEqualTo(404);
        ApiResponse onStopped = client.post(path(stopped, "execCreate"), "{\"command\":[\"/bin/sh\"],\"tty\":true}");
        assertThat(onStopped.status()).isEqualTo(400);
        assertThat(onStopped.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(onStopped.errorMessage()).isEqualTo("container " + stopped + " is stopped; execCreate needs status running");

        ApiResponse unknown = client.get(path(running, "execGetExitCode"), Map.of("execId", "9f3c2a7b1d4e4f6a8b0c2d4e6f8a0b1c"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorMessage()).isEqualTo("exec 9f3c2a7b1d4e4f6a8b0c2d4e6f8a0b1c not found in container " + running);
        assertThat(client.get(path(running, "execGetExitCode"), Map.of()).status()).isEqualTo(400);
        assertThat(client.post(path(running, "resizeTTY"), "{\"height\":0,\"width\":0}").status()).isEqualTo(200);
        assertThat(client.post(path(running, "resizeTTY"), "{\"height\":-1,\"width\":80}").status()).isEqualTo(400);
        assertThat(client.post(path(running, "resizeTTY"), "{\"height\":24,\"width\":80,\"execId\":\"nope\"}").status())
                .isEqualTo(404);
    }

    @Test
    void concurrentSessionsOnBothScopesKeepTheirOwnStreamsAndTheLiveExecsOfAContainerAreBounded() throws Exception {
        String container = containers.createOne("", "sleep");
        containers.awaitRunning(container);
        List<StreamClient> sessions = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // scope nativecontainer and nc alike, as jdc signs with the one the user typed
            SignedClient as = i % 2 == 0 ? client : containers.client();
            String id = execCreate(as, container, "{\"command\":[\"/bin/sh\"]}");
            ids.add(id);
            sessions.add(execStart(as, container, id));
        }
        for (int i = 0; i < sessions.size(); i++) {
            sessions.get(i).send("echo session-" + i + "; exit " + (10 + i) + "\n");
        }
        for (int i = 0; i < sessions.size(); i++) {
            List<Message> received = sessions.get(i).untilClose(SESSION);
            assertThat(StreamClient.output(received, "stdout")).isEqualTo("session-" + i + "\n");
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(10 + i);
            sessions.get(i).close();
        }

        for (int i = 0; i < 32; i++) {
            execCreate(client, container, "{\"command\":[\"true\"]}");
        }
        ApiResponse tooMany = client.post(path(container, "execCreate"), "{\"command\":[\"true\"]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(tooMany.errorMessage()).contains("32 execs");
    }

    @Test
    void aClientThatDisappearsLeavesNoProcessRunning() {
        String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\",\"-c\",\"cat > /dev/null; echo gone\"]}");
        StreamClient session = execStart(client, running, execId);
        session.send("some input\n");
        session.abort();
        await().atMost(SESSION).untilAsserted(() -> assertThat(exitResult(running, execId).path("exitCode").asInt(-1)).isZero());
        assertThat(Engine.docker("exec", "nc-" + running, "ps")).doesNotContain("cat");
    }

    @Test
    void aClientThatDisappearsFromATerminalSessionHangsItsShellUp() {
        String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\"],\"tty\":true}");
        StreamClient session = execStart(client, running, execId);
        session.send("echo still-here\r");
        await().atMost(SESSION).until(() -> drainTty(session).contains("still-here"));
        session.abort();
        // SIGHUP: 128 + 1
        await().atMost(SESSION).untilAsserted(() -> assertThat(exitResult(running, execId).path("exitCode").asInt(-1)).isEqualTo(129));
    }

    private static final StringBuilder TTY_SEEN = new StringBuilder();

    private static String drainTty(StreamClient session) {
        try {
            Message m = session.next(Duration.ofMillis(200));
            if (!m.isClose()) {
                TTY_SEEN.append(m.json().path("output").asText());
            }
        } catch (AssertionError nothingYet) {
            // keep polling
        }
        return TTY_SEEN.toString();
    }

    @Test
    void aClientThatDoesNotReadIsClosedAndItsOutputStaysBounded() {
        String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\",\"-c\",\"yes 0123456789012345678901234567890123456789"
                + " | head -c 104857600\"]}");
        StreamClient session = StreamClient.open(client, path(running, "execStart"), Map.of("execId", execId), false);
        // the server waits out its stall limit (3 s here) with at most its buffer unread, then gives up
        await().pollDelay(Duration.ofSeconds(6)).atMost(SESSION).until(() -> true);
        session.resume();
        List<Message> received = session.untilClose(SESSION);
        long bytes = StreamClient.output(received, "stdout").length();
        assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1008);
        assertThat(bytes).isLessThan(16L * 1024 * 1024);
        session.close();
    }

    @Test
    void anIdleSessionEndsAfterTheIdleTimeout() {
        String execId = execCreate(client, running, "{\"command\":[\"cat\"]}");
        try (StreamClient session = execStart(client, running, execId)) {
            List<Message> received = session.untilClose(Duration.ofSeconds(20));
            assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1001);
            assertThat(received.get(0).json().path("type").asText()).isEqualTo("error");
            assertThat(received.get(0).json().path("message").asText()).contains("idle");
        }
    }

    @Test
    void everyExecIsInItsRequestsLogLineWithWhoWhereAndWhatButNeverItsInput() {
        String log = Stderr.capture(() -> {
            String execId = execCreate(client, running, "{\"command\":[\"/bin/sh\",\"-c\",\"cat\"]}");
            try (StreamClient session = execStart(client, running, execId)) {
                session.send("stdin-secret-7731\n");
                session.send("\u0004");
                session.untilClose(SESSION);
            }
        });
        String account = server.defaultKey().accountId();
        assertThat(log).contains(":execCreate 200").contains("account=" + account)
                .contains("command=[\"/bin/sh\",\"-c\",\"cat\"]").contains(running + ":execStart 101");
        assertThat(log).doesNotContain("stdin-secret-7731");
    }

    private static String awaitOutput(StreamClient session, StringBuilder seen, String wanted) {
        await().atMost(SESSION).until(() -> {
            try {
                Message m = session.next(Duration.ofMillis(200));
                if (!m.isClose()) {
                    seen.append(m.json().path("output").asText());
                }
            } catch (AssertionError nothingYet) {
                // keep polling
            }
            return seen.toString().contains(wanted);
        });
        return seen.toString();
    }

    @Test
    void attachReachesTheMainTerminalFollowsItsSizeAndDetachesWithCtrlPCtrlQ() {
        String shell = containers.createOne("\"command\":[\"/bin/sh\"],\"tty\":true");
        containers.awaitRunning(shell);
        String attach = path(shell, "attach");
        try (StreamClient session = StreamClient.open(client, attach, Map.of())) {
            StringBuilder seen = new StringBuilder();
            session.send("echo attached-$((6*7))\r");
            awaitOutput(session, seen, "attached-42");
            ApiResponse resized = client.post(path(shell, "resizeTTY"), "{\"height\":33,\"width\":77}");
            assertThat(resized.status()).as(resized.toString()).isEqualTo(200);
            session.send("stty size\r");
            awaitOutput(session, seen, "33 77");
            session.send("\u0010");
            session.send("\u0011");
            List<Message> rest = session.untilClose(SESSION);
            assertThat(rest.get(rest.size() - 1).closeCode()).isEqualTo(1000);
            assertThat(rest).noneMatch(m -> !m.isClose() && "exit".equals(m.json().path("type").asText()));
        }
        assertThat(containers.status(shell)).isEqualTo("running");

        try (StreamClient session = StreamClient.open(client, attach, Map.of())) {
            session.send("exit 4\r");
            List<Message> received = session.untilClose(SESSION);
            assertThat(exitMessage(received).path("exitCode").asInt()).isEqualTo(4);
            assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void attachToAContainerWithoutATerminalIsOutputOnlyAndBoundedToTenSessions() {
        String ticking = containers.createOne("", "interval-ms=200");
        containers.awaitRunning(ticking);
        String attach = path(ticking, "attach");
        List<StreamClient> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                sessions.add(StreamClient.open(client, attach, Map.of()));
            }
            StreamClient.Refusal eleventh = StreamClient.refused(client, attach, Map.of());
            assertThat(eleventh.status()).isEqualTo(400);
            assertThat(eleventh.body()).contains("FAILED_PRECONDITION").contains("10 attach sessions");

            StreamClient first = sessions.get(0);
            first.send("ignored input\n");
            Message tick = first.next(SESSION);
            assertThat(tick.json().path("streamType").asText()).isEqualTo("stdout");
            assertThat(tick.json().path("output").asText()).contains("tick");
            first.send("\u0010\u0011");
            List<Message> rest = first.untilClose(SESSION);
            assertThat(rest.get(rest.size() - 1).closeCode()).isEqualTo(1000);
            sessions.remove(0).close();
            // a place is free again once a session ended
            await().atMost(SESSION).until(() -> {
                try {
                    sessions.add(StreamClient.open(client, attach, Map.of()));
                    return true;
                } catch (IllegalStateException refusedStill) {
                    return false;
                }
            });
        } finally {
            sessions.forEach(StreamClient::close);
        }
        assertThat(containers.status(ticking)).isEqualTo("running");
    }
}
