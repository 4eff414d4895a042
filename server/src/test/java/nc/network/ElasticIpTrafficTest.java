package nc.network;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.OnEngine;
import nc.testing.Shell;
import nc.testing.Throughput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elastic IPs on real containers (docs/api/nc.md §5.8–5.9, docs/api/vpc-disk.md §2.5): the test, standing for
 * the Internet, reaches a container through its elastic IP on every port, sees the container's
 * own connections come from it, and gets the EIP's bandwidth both ways. The pool is 127.100.0.0/24,
 * so no packet leaves the machine.
 */
class ElasticIpTrafficTest extends OnEngine {
    /** An address of the host (the engine's own bridge), which stands for the Internet here. */
    private static final String HOST = Shell.run("ip", "-4", "-o", "addr", "show", "dev", "docker0").stdout()
            .replaceAll("(?s).*inet ([0-9.]+)/.*", "$1").strip();
    private static VpcApi vpc;
    private static String publicGroup;

    @BeforeAll
    static void publicGroup() {
        vpc = new VpcApi(containers.client());
        publicGroup = vpc.createGroup(containers.network().vpcId(), "public");
        // traffic through a loopback EIP arrives from the host's loopback, which only 0.0.0.0/0 admits
        assertSuccess(vpc.addRules(publicGroup, "{\"direction\":0,\"protocol\":6,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":1,\"toPort\":65535},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}"));
    }

    private static String createPublic(String elasticIp, String script) {
        return containers.create(containers.body(1, (elasticIp == null ? "" : elasticIp + ",")
                        + "\"command\":[\"/bin/sh\",\"-c\"],\"args\":[\"" + script + "\"]")
                .replace(containers.network().securityGroupId(), publicGroup)).get(0);
    }


    @Test
    void theElasticIpReachesTheContainerOnEveryPortAndItsConnectionsLeaveFromIt() throws Exception {
        String id = createPublic("\"elasticIp\":{\"bandwidthMbps\":10}", "nc -ll -p 8080 -e echo hello & nc -ll -p 9090 -e echo hello & sleep 100000");
        JsonNode c = containers.awaitRunning(id);
        String eip = c.path("elasticIpAddress").asText();
        String privateIp = c.path("privateIpAddress").asText();
        assertThat(eip).startsWith("127.100.0.");

        await().atMost(Duration.ofSeconds(10)).until(() -> answer(eip, 8080).equals("hello"));
        assertThat(answer(eip, 9090)).as("every port").isEqualTo("hello");
        assertThat(seenFrom(id)).as("the host sees the container's connection come from its EIP").isEqualTo(eip);

        String eipId = c.path("elasticIpId").asText();
        assertThat(action(id, "disassociateElasticIp", eipId).status()).isEqualTo(200);
        assertThat(answer(eip, 8080)).as("after disassociate nothing answers on the EIP").isEmpty();
        assertThat(seenFrom(id)).as("without an EIP (and without shared NAT) the container cannot leave its VPC").isEmpty();

        assertThat(action(id, "associateElasticIp", eipId).status()).isEqualTo(200);
        assertThat(answer(eip, 8080)).as("associated again").isEqualTo("hello");
        assertThat(seenFrom(id)).isEqualTo(eip);

        containers.delete(id);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        assertThat(Shell.run("ip", "-o", "route", "show", "table", "all").stdout())
                .as("the host's route to the deleted container's EIP").doesNotContain(eip + " ");
        assertThat(answer(eip, 8080)).isEmpty();
    }

    @Test
    void theBandwidthOfTheElasticIpHoldsBothWaysAndSurvivesARestartOfTheContainer() throws Exception {
        int mbps = 4;
        String id = createPublic("\"elasticIp\":{\"bandwidthMbps\":" + mbps + "}", Throughput.sinkCommand(5001).replace("\"", "\\\"")
                + " & sleep 100000");
        JsonNode c = containers.awaitRunning(id);
        String eip = c.path("elasticIpAddress").asText();
        int bytes = mbps * 1_000_000 / 8 * 2;
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(id, 5001));

        assertBandwidth(id, eip, mbps, bytes, "");

        // a restart gives the container a new network namespace: it is plugged again, and the limit still holds
        Engine.docker("restart", "-t", "1", "nc-" + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(id, 5001) && exec(id, "ip -o -4 addr").contains(" eth0 "));
        assertBandwidth(id, eip, mbps, bytes, " after a restart");

        containers.delete(id);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        assertThat(Shell.run("ip", "-o", "route", "show", "table", "all").stdout()).doesNotContain(eip + " ");
    }

    private static void assertBandwidth(String id, String eip, int mbps, int bytes, String when) throws Exception {
        double up = Throughput.sent(new InetSocketAddress(eip, 5001), bytes);
        double down = Throughput.received(HOST, bytes, port -> exec(id, Throughput.sendCommand(bytes, HOST, port)));
        System.err.printf("[measure] EIP limit %d Mbit/s%s: to the container %.2f Mbit/s (%+.0f%%), from it %.2f Mbit/s (%+.0f%%)%n",
                mbps, when, up, (up / mbps - 1) * 100, down, (down / mbps - 1) * 100);
        assertThat(up).as("to the container through its EIP" + when).isBetween(mbps * 0.8, mbps * 1.2);
        assertThat(down).as("from the container" + when).isBetween(mbps * 0.8, mbps * 1.2);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static nc.testing.ApiResponse action(String id, String action, String eipId) {
        return containers.client().post(Containers.BASE + "/" + id + ":" + action, "{\"elasticIpId\":\"" + eipId + "\"}");
    }

    /** The first line a server at address:port sends, or "" when nothing answers there. */
    private static String answer(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            s.setSoTimeout(3000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The address the host sees on a connection the container opens to one of the host's addresses; "" when none comes. */
    private static String seenFrom(String id) throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(HOST, 0));
            listener.setSoTimeout(5_000);
            CompletableFuture<String> sending = CompletableFuture.supplyAsync(() ->
                    exec(id, "echo hi | nc -w 2 " + HOST + " " + listener.getLocalPort()));
            try (Socket accepted = listener.accept()) {
                return accepted.getInetAddress().getHostAddress();
            } catch (java.net.SocketTimeoutException nothingCame) {
                return "";
            } finally {
                sending.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String exec(String id, String script) {
        return Shell.run("docker", "exec", "nc-" + id, "sh", "-c", script).stdout();
    }

    private static boolean listening(String id, int port) {
        return exec(id, "netstat -ltn").contains(":" + port + " ");
    }
}
