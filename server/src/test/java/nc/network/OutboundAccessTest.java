package nc.network;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.OutsideNamespace;
import nc.testing.Shell;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reaching beyond the host (docs/api/vpc-disk.md §7): as on JD Cloud, a container without an elastic
 * IP has no outbound access unless the operator turns on shared outbound NAT; one with an elastic
 * IP from a routable pool leaves from that address and is reached through it. "The Internet" is a
 * network namespace the test makes, joined to the host by a veth pair.
 */
class OutboundAccessTest {
    private static final String HOST_END = "198.18.200.1";
    private static final String OUTSIDE = "198.18.200.2";
    private static final String POOL = "198.18.201.0/28";
    private static OutsideNamespace internet;

    @BeforeAll
    static void internet() {
        Engine.get();
        internet = OutsideNamespace.create(HOST_END, OUTSIDE, List.of(POOL));
        internet.serve(80);
    }

    @AfterAll
    static void cleanUp() {
        if (internet != null) {
            internet.close();
        }
    }

    @Test
    void withoutSharedNatOnlyAContainerWithAnElasticIpGetsOutAndItLeavesFromThatAddress() {
        try (TestServer server = TestServer.start(c -> c.withElasticIpPool(POOL))) {
            Tenant t = new Tenant(server, "10.251");
            String plain = t.create(null);
            String withEip = t.create("\"elasticIp\":{\"bandwidthMbps\":20}");
            t.containers.awaitRunning(plain);
            JsonNode c = t.containers.awaitRunning(withEip);
            String eip = c.path("elasticIpAddress").asText();
            assertThat(eip).startsWith("198.18.201.");

            await().atMost(Duration.ofSeconds(10)).until(() -> fetch(withEip).contains(OUTSIDE + ":80 "));
            assertThat(peer(fetch(withEip))).as("the outside sees the connection come from the EIP").isEqualTo(eip);
            assertThat(fetch(plain)).as("no outbound access without an EIP").isEmpty();

            String answer = internet.call(eip, 8080);
            assertThat(answer).as("the outside reaches the container through its EIP").isEqualTo("hello\n");
            t.containers.deleteAll();
        }
    }

    @Test
    void withSharedNatTheOperatorLetsEveryContainerOutFromTheHostsAddress() {
        try (TestServer server = TestServer.start(c -> c.withEngine(c.engine().withSharedOutboundNat(true)))) {
            Tenant t = new Tenant(server, "10.252");
            String plain = t.create(null);
            t.containers.awaitRunning(plain);
            await().atMost(Duration.ofSeconds(10)).until(() -> fetch(plain).contains(OUTSIDE + ":80 "));
            assertThat(peer(fetch(plain))).as("the outside sees the host's address").isEqualTo(HOST_END);
            t.containers.deleteAll();
        }
    }

    /** What the outside's server answers the container; "" when it cannot be reached. */
    private static String fetch(String id) {
        return Shell.run("docker", "exec", "nc-" + id, "sh", "-c", "nc -w 2 " + OUTSIDE + " 80 </dev/null").stdout();
    }

    /** The address the outside's server saw the connection come from, in its netstat answer. */
    private static String peer(String netstat) {
        Matcher m = Pattern.compile(Pattern.quote(OUTSIDE) + ":80\\s+(?:::ffff:)?([0-9.]+):\\d+").matcher(netstat);
        assertThat(m.find()).as(netstat).isTrue();
        return m.group(1);
    }

    /** A VPC of its own (the default subnet's range is another server's), with a group open to all TCP. */
    private static final class Tenant {
        final Containers containers;
        final String subnet;
        final String group;

        Tenant(TestServer server, String prefix) {
            containers = new Containers(server, Engine.get());
            VpcApi vpc = new VpcApi(containers.client());
            String v = vpc.createVpc("out", prefix + ".0.0/16");
            subnet = vpc.createSubnet(v, "out", prefix + ".1.0/24");
            group = vpc.createGroup(v, "out");
            assertSuccess(vpc.addRules(group, "{\"direction\":0,\"protocol\":6,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":1,\"toPort\":65535},"
                    + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}"));
        }

        String create(String extra) {
            return containers.create(containers.body(1, (extra == null ? "" : extra + ",")
                            + "\"command\":[\"/bin/sh\",\"-c\"],\"args\":[\"nc -ll -p 8080 -e echo hello\"]")
                    .replace(containers.network().subnetId(), subnet).replace(containers.network().securityGroupId(), group)).get(0);
        }
    }
}
