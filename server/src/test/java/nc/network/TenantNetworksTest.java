package nc.network;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.testing.ApiResponse;
import nc.tenantnet.kernel.Names;
import nc.testing.Containers;
import nc.testing.TestServer;
import nc.testing.Engine;
import nc.testing.OnEngine;
import nc.testing.Shell;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Tenant networks as a cloud's (issue 8): VPCs with identical ranges run side by side, each
 * reaching only itself, its subnets reaching each other through its router; security groups fail
 * closed and come back by themselves within 5 s after each fault: the VPC router's rule set
 * flushed, the host's firewall flushed, a container restarted by its restart policy, nc restarted
 * after a flush, the Docker Engine restarted. Servers answer "hello from NAME" on port 8080
 * (allowed by their group) and on 9090 (not allowed).
 */
class TenantNetworksTest extends OnEngine {
    private static final Duration HEAL = Duration.ofSeconds(5);

    private record Net(String vpcId, String subnetA, String subnetB, String group) {
    }

    private static Net vpc(String name, String prefix) {
        VpcApi api = new VpcApi(containers.client());
        String v = api.createVpc(name, prefix + ".0.0/16");
        String a = api.createSubnet(v, name + "-a", prefix + ".1.0/24");
        String b = api.createSubnet(v, name + "-b", prefix + ".2.0/24");
        String g = api.createGroup(v, name);
        assertSuccess(api.addRules(g, "{\"direction\":0,\"protocol\":6,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":8080,\"toPort\":8080},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}"));
        return new Net(v, a, b, g);
    }

    /** A container at the address that answers on 8080 and 9090 and exits (to be restarted by its policy) once /nc-exit exists. */
    private static String serve(Net net, String subnet, String ip, String name) {
        String script = "rm -f /nc-exit; nc -ll -p 8080 -e echo hello from " + name + " & nc -ll -p 9090 -e echo hello from " + name
                + " & while [ ! -f /nc-exit ]; do sleep 0.2; done";
        String body = containers.body(1, "\"command\":[\"/bin/sh\",\"-c\"],\"args\":[\"" + script + "\"]")
                .replace(containers.network().subnetId(), subnet)
                .replace(containers.network().securityGroupId(), net.group())
                .replace("\"securityGroups\":[\"" + net.group() + "\"]", "\"securityGroups\":[\"" + net.group() + "\"],\"primaryIpAddress\":\"" + ip + "\"");
        String id = containers.create(body).get(0);
        assertThat(containers.awaitRunning(id).path("privateIpAddress").asText()).isEqualTo(ip);
        return id;
    }

    /** What a server at ip:port answers a connection from the container; "" when nothing does. */
    private static String reach(String from, String ip, int port) {
        return Shell.run("docker", "exec", "nc-" + from, "sh", "-c", "nc -w 1 " + ip + " " + port + " </dev/null").stdout().strip();
    }

    @Test
    void vpcsWithIdenticalRangesRunSideBySideAndEachReachesOnlyItself() {
        Net a = vpc("same-a", "10.77");
        Net b = vpc("same-b", "10.77");
        Net other = vpc("other", "10.78");
        String serverA = serve(a, a.subnetA(), "10.77.1.10", "a");
        String serverB = serve(b, b.subnetA(), "10.77.1.10", "b");
        String clientA = serve(a, a.subnetB(), "10.77.2.20", "client-a");
        String clientB = serve(b, b.subnetB(), "10.77.2.20", "client-b");
        serve(other, other.subnetA(), "10.78.1.10", "other");

        assertThat(reach(clientA, "10.77.1.10", 8080)).as("A's subnets reach each other through A's router").isEqualTo("hello from a");
        assertThat(reach(clientB, "10.77.1.10", 8080)).as("the same address in B is B's own").isEqualTo("hello from b");
        assertThat(reach(serverA, "10.77.2.20", 8080)).isEqualTo("hello from client-a");
        assertThat(reach(clientA, "10.77.1.10", 9090)).as("the group admits 8080 only").isEmpty();
        assertThat(reach(clientA, "10.78.1.10", 8080)).as("another VPC is out of reach").isEmpty();
        assertThat(serverB).isNotEqualTo(serverA);

        // the VPC resolver at each subnet's gateway: a container's hostname (its id here) in its own VPC only
        assertThat(Engine.docker("exec", "nc-" + clientA, "cat", "/etc/resolv.conf")).contains("nameserver 10.77.2.1");
        assertThat(lookup(clientA, serverA)).as("a name of its own VPC").contains("Address: 10.77.1.10");
        assertThat(lookup(clientA, serverA.toUpperCase(java.util.Locale.ROOT))).as("names are not case-sensitive").contains("Address: 10.77.1.10");
        assertThat(lookup(clientB, serverA)).as("another VPC's names are unknown").doesNotContain("10.77.1.10").containsIgnoringCase("NXDOMAIN");
        assertThat(lookup(clientB, serverB)).contains("Address: 10.77.1.10");

        // over TCP too (as a client does after a truncated answer), several queries on one connection
        List<Message> overTcp = lookupOverTcp(clientA, "10.77.2.1", serverA, "no-such-container");
        assertThat(overTcp).hasSize(2);
        assertThat(addresses(overTcp.get(0))).as("a name of its own VPC, over TCP").containsExactly("10.77.1.10");
        assertThat(overTcp.get(1).getRcode()).as("the second query of the connection").isEqualTo(Rcode.NXDOMAIN);
        List<Message> fromB = lookupOverTcp(clientB, "10.77.2.1", serverA, serverB);
        assertThat(fromB).hasSize(2);
        assertThat(fromB.get(0).getRcode()).as("another VPC's names are unknown over TCP too").isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(fromB.get(0))).isEmpty();
        assertThat(addresses(fromB.get(1))).containsExactly("10.77.1.10");

        // a container whose group allows nothing out still reaches its resolver, over UDP and TCP (as a cloud's)
        VpcApi api = new VpcApi(containers.client());
        String closed = serve(new Net(a.vpcId(), a.subnetA(), a.subnetB(), api.createGroup(a.vpcId(), "nothing-out")), a.subnetB(), "10.77.2.30", "closed");
        assertThat(reach(closed, "10.77.1.10", 8080)).as("its group allows no egress").isEmpty();
        assertThat(lookup(closed, serverA)).contains("Address: 10.77.1.10");
        assertThat(lookupOverTcp(closed, "10.77.2.1", serverA)).singleElement().satisfies(m -> assertThat(addresses(m)).containsExactly("10.77.1.10"));
    }

    /**
     * The answers of the gateway to A queries for the names, sent one after another on one TCP
     * connection to port 53 from inside the container (busybox: printf, nc, xxd), length-prefixed.
     */
    private static List<Message> lookupOverTcp(String from, String gateway, String... names) {
        StringBuilder printf = new StringBuilder();
        for (String name : names) {
            byte[] q;
            try {
                q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)).toWire();
            } catch (TextParseException e) {
                throw new IllegalArgumentException(name, e);
            }
            byte[] framed = ByteBuffer.allocate(2 + q.length).putShort((short) q.length).put(q).array();
            for (byte b : framed) {
                printf.append(String.format("\\%03o", b & 0xff));
            }
        }
        // the resolver keeps the connection open for more: the client hangs up after 3 s
        String hex = Engine.docker("exec", "nc-" + from, "sh", "-c", "printf '" + printf + "' | timeout 3 nc " + gateway + " 53 | xxd -p");
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
        List<Message> answers = new ArrayList<>();
        while (in.remaining() >= 2) {
            byte[] answer = new byte[in.getShort() & 0xffff];
            in.get(answer);
            try {
                answers.add(new Message(answer));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return answers;
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    /** What busybox's nslookup in the container prints for the name (through the container's resolver). */
    private static String lookup(String from, String name) {
        Shell.Result r = Shell.run("docker", "exec", "nc-" + from, "nslookup", name);
        return r.stdout() + r.stderr();
    }

    @Test
    void anotherInstallationsLeftoversDoNotGetInTheWay() {
        TestServer other = TestServer.start();
        String otherOwner = other.server().owner();
        try {
            Containers theirs = new Containers(other, engine);
            String leftover = theirs.createOne(null, "sleep");
            String theirIp = theirs.awaitRunning(leftover).path("privateIpAddress").asText();
            // gone without cleaning up, as a deleted data folder leaves it: its router, ports and container stay
            other.stopKeepingData();

            String ours = containers.createOne(null, "sleep");
            assertThat(containers.awaitRunning(ours).path("privateIpAddress").asText())
                    .as("the same default range, the same first address").isEqualTo(theirIp);
            assertThat(Engine.docker("exec", "nc-" + ours, "ip", "-o", "-4", "addr", "show", "eth0")).contains("inet " + theirIp + "/");
            assertThat(Engine.docker("exec", "nc-" + leftover, "ip", "-o", "-4", "addr", "show", "eth0"))
                    .as("the leftover keeps its own network").contains("inet " + theirIp + "/");
            containers.delete(ours);
            containers.awaitStatus(ours, "gone", Duration.ofSeconds(60));
            assertThat(Engine.exists("container", "nc-" + leftover)).as("nothing of the other installation was touched").isTrue();
        } finally {
            removeInstallation(other, otherOwner);
        }
    }

    @Test
    void twoLiveInstallationsOnOneHostNeverHandOutTheSameElasticIp() {
        TestServer other = TestServer.start();
        String otherOwner = other.server().owner();
        try {
            Containers theirs = new Containers(other, engine);
            String their = theirs.createOne("\"elasticIp\":{\"bandwidthMbps\":10}", "sleep");
            String theirEip = theirs.awaitRunning(their).path("elasticIpAddress").asText();
            String theirLink = "nt" + Names.forOwner(otherOwner).scope();
            assertThat(routeOf(theirEip)).as("their elastic IP reaches their VPC").contains("dev " + theirLink);

            // both installations allocate from the same default pool, lowest address first
            String ours = containers.createOne("\"elasticIp\":{\"bandwidthMbps\":10}", "sleep");
            String ourEip = containers.awaitRunning(ours).path("elasticIpAddress").asText();
            assertThat(ourEip).as("an address the other installation routes already is never handed out").isNotEqualTo(theirEip);
            assertThat(routeOf(ourEip)).contains("dev nt" + Names.forOwner(server.server().owner()).scope());
            assertThat(routeOf(theirEip)).as("their traffic still goes to them").contains("dev " + theirLink);
            ApiResponse asked = new VpcApi(containers.client()).post(VpcApi.EIPS, "{\"maxCount\":1,\"elasticIpAddress\":\"" + theirEip
                    + "\",\"elasticIpSpec\":{\"bandwidthMbps\":5,\"provider\":\"bgp\"}}");
            assertError(asked, 400, "FAILED_PRECONDITION");
            assertThat(asked.errorMessage()).contains(theirEip + " is in use on this host by another installation");
            containers.delete(ours);
            containers.awaitStatus(ours, "gone", Duration.ofSeconds(60));
        } finally {
            removeInstallation(other, otherOwner);
        }
    }

    /** Another installation this test made, with its containers and datapath. */
    private static void removeInstallation(TestServer other, String owner) {
        Engine.docker("ps", "-aq", "--filter", "label=nc.owner=" + owner).lines().filter(l -> !l.isBlank())
                .forEach(id -> Engine.docker("rm", "-f", id));
        KernelTenantNetwork.forOwner(owner).removeAll();
        other.close();
    }

    private static String routeOf(String address) {
        return Shell.run("ip", "-o", "route", "get", address).stdout();
    }

    @Test
    void securityGroupsFailClosedAndHealWithinFiveSecondsAfterEachFault() {
        Net net = vpc("faults", "10.79");
        String server = serve(net, net.subnetA(), "10.79.1.10", "server");
        String client = serve(net, net.subnetB(), "10.79.2.20", "client");
        assertThat(reach(client, "10.79.1.10", 8080)).isEqualTo("hello from server");
        String router = Names.forOwner(OnEngine.server.server().owner()).namespace(net.vpcId());

        // 1. the VPC router's rule set flushed: closed at once, healed by the reconciler
        healsClosed(client, () -> Shell.run("ip", "netns", "exec", router, "nft", "flush", "ruleset").ok());

        // 2. the host's firewall flushed: the groups do not live there
        healsClosed(client, () -> Shell.run("iptables", "-F").ok());
        assertThat(Shell.run("iptables", "-S", "DOCKER-USER").stdout()).as("the transit links' forward rule put back")
                .contains("-i nt" + Names.forOwner(OnEngine.server.server().owner()).scope());

        // 3. the server restarted by its restart policy: a new network namespace, plugged again
        int restarts = restartCount(server);
        // (the exec may end with the container: its exit code says nothing; the restart count does)
        healsClosed(client, () -> Shell.run("docker", "exec", "nc-" + server, "sh", "-c", "echo > /nc-exit") != null);
        await().atMost(HEAL).until(() -> restartCount(server) > restarts);
        await().atMost(HEAL).until(() -> reach(client, "10.79.1.10", 8080).equals("hello from server"));

        // 4. nc stopped, the rule set flushed meanwhile, nc started again: closed while it is down, put back at start
        OnEngine.server.stopKeepingData();
        Shell.run("ip", "netns", "exec", router, "nft", "flush", "ruleset");
        assertThat(reach(client, "10.79.1.10", 8080)).as("with nc down and its rules lost, nothing passes").isEmpty();
        assertThat(reach(client, "10.79.1.10", 9090)).isEmpty();
        OnEngine.server.restart();
        containers = new Containers(OnEngine.server, engine);
        await().atMost(HEAL).until(() -> reach(client, "10.79.1.10", 8080).equals("hello from server"));
        assertThat(reach(client, "10.79.1.10", 9090)).isEmpty();

        // 5. the Docker Engine restarted: its containers come back in new namespaces and are plugged again
        Engine.restartDaemon();
        await().atMost(Duration.ofSeconds(30)).until(() -> reach(client, "10.79.1.10", 8080).equals("hello from server"));
        assertThat(reach(client, "10.79.1.10", 9090)).isEmpty();
    }

    /** Causes the fault while probing port 9090 without a break: it never answers; port 8080 answers again within {@link #HEAL}. */
    private static void healsClosed(String client, BooleanSupplier fault) {
        AtomicBoolean leaked = new AtomicBoolean();
        Thread probe = new Thread(() -> {
            long end = System.nanoTime() + HEAL.toNanos();
            while (System.nanoTime() < end) {
                if (!reach(client, "10.79.1.10", 9090).isEmpty()) {
                    leaked.set(true);
                }
            }
        });
        probe.start();
        assertThat(fault.getAsBoolean()).as("the fault was caused").isTrue();
        await().atMost(HEAL).pollInterval(Duration.ofMillis(200)).until(() -> reach(client, "10.79.1.10", 8080).equals("hello from server"));
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(leaked).as("a port the group does not admit never answered").isFalse();
    }

    private static int restartCount(String id) {
        return Integer.parseInt(Engine.docker("inspect", "--format", "{{.RestartCount}}", "nc-" + id).strip());
    }
}
