package nc.tenantnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nc.tenantnet.Rule;
import nc.tenantnet.VpcNetwork;
import nc.testing.Engine;
import nc.testing.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One subnet across two hosts. Each "host" is a network namespace of this machine with its own
 * datapath ({@link KernelTenantNetwork} with a {@link Fabric}), a tunnel endpoint on an underlay
 * the test makes, and its own EVPN speaker (FRR's zebra and bgpd, started by the test inside the
 * namespace, iBGP between the two, {@code advertise-all-vni}). A real container is plugged on each
 * host; they reach each other across the hosts and are filtered by their groups.
 */
class MultiHostTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String UNDERLAY = "ncul" + RUN;
    private static final String VPC = "vpc-span" + RUN;
    private static final List<String> HOSTS = List.of("nch1" + RUN, "nch2" + RUN);
    private static final List<Long> FRR_PIDS = new ArrayList<>();
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static final List<KernelTenantNetwork> DATAPATHS = new ArrayList<>();
    private static Path frr;

    @BeforeAll
    static void twoHosts() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/frr/bgpd")) || System.getenv("NC_REQUIRE_DOCKER") != null,
                "FRR is not installed");
        Engine.get();
        frr = Files.createTempDirectory("nc-frr");
        sh("chmod 755 " + frr);
        sh("ip netns add " + UNDERLAY + " && ip -n " + UNDERLAY + " link add ul type bridge && ip -n " + UNDERLAY + " link set ul up");
        for (int i = 1; i <= 2; i++) {
            String h = HOSTS.get(i - 1);
            sh("ip netns add " + h + " && ip -n " + h + " link set lo up"
                    + " && ip link add u mtu 9000 netns " + h + " type veth peer name p" + i + " mtu 9000 netns " + UNDERLAY
                    + " && ip -n " + UNDERLAY + " link set p" + i + " master ul && ip -n " + UNDERLAY + " link set p" + i + " up"
                    + " && ip -n " + h + " addr add 198.18.249." + i + "/24 dev u && ip -n " + h + " link set u up"
                    + " && ip -n " + h + " addr add 198.18.250." + i + "/32 dev lo"
                    + " && ip -n " + h + " route add 198.18.250." + (3 - i) + "/32 via 198.18.249." + (3 - i));
            startFrr(i, h);
            DATAPATHS.add(new KernelTenantNetwork(new Names(Names.hash(h, 6)), new Fabric(i, "198.18.250." + i, h)));
        }
    }

    private static void startFrr(int i, String host) throws IOException {
        Path dir = Files.createDirectories(frr.resolve("h" + i));
        Files.writeString(dir.resolve("frr.conf"), String.join("\n",
                "hostname h" + i,
                "router bgp 65000",
                " bgp router-id 198.18.250." + i,
                " no bgp default ipv4-unicast",
                " neighbor 198.18.249." + (3 - i) + " remote-as 65000",
                " address-family l2vpn evpn",
                "  neighbor 198.18.249." + (3 - i) + " activate",
                "  advertise-all-vni",
                " exit-address-family", ""));
        sh("chown -R frr:frr " + dir);
        for (String daemon : List.of("zebra", "bgpd")) {
            sh("ip netns exec " + host + " /usr/lib/frr/" + daemon + " -d -u frr -g frr -P 0 -i " + dir + "/" + daemon + ".pid -z "
                    + dir + "/zserv.api --vty_socket " + dir + " -f " + dir + "/frr.conf" + (daemon.equals("bgpd") ? " -p 179" : ""));
            FRR_PIDS.add(Long.parseLong(Files.readString(dir.resolve(daemon + ".pid")).strip()));
        }
    }

    @AfterAll
    static void tearDown() {
        CONTAINERS.forEach(c -> Shell.run("docker", "rm", "-f", c));
        DATAPATHS.forEach(KernelTenantNetwork::removeAll);
        FRR_PIDS.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        HOSTS.forEach(h -> Shell.run("ip", "netns", "del", h));
        Shell.run("ip", "netns", "del", UNDERLAY);
    }

    @Test
    void oneSubnetSpansTwoHostsItsContainersReachEachOtherAndTheirGroupsFilter() {
        String a = container("a");
        String b = container("b");
        List<Rule> web = List.of(Rule.ingress(Rule.Protocol.TCP, "0.0.0.0/0", 8080, 8080), Rule.egress(Rule.Protocol.ALL, "0.0.0.0/0", 0, 0));
        VpcNetwork.Segment subnet = new VpcNetwork.Segment("subnet-span", "10.81.1.0/24", "10.81.1.1");
        VpcNetwork vpc = new VpcNetwork(VPC, List.of(subnet), List.of(
                new VpcNetwork.Port("port-a", a, "subnet-span", "10.81.1.10", "fa:16:3e:51:01:0a", web, 1),
                new VpcNetwork.Port("port-b", b, "subnet-span", "10.81.1.20", "fa:16:3e:51:01:14", web, 2)), List.of(), false);

        assertThat(DATAPATHS.get(0).apply(vpc, id -> id.equals(a) ? pid(a) : 0)).as("plugged on host 1").containsExactly(a);
        assertThat(DATAPATHS.get(1).apply(vpc, id -> id.equals(b) ? pid(b) : 0)).as("plugged on host 2").containsExactly(b);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> reach(a, "10.81.1.20", 8080).equals("hello from b"));
        assertThat(reach(b, "10.81.1.10", 8080)).as("and back, from host 2 to host 1").isEqualTo("hello from a");
        assertThat(reach(a, "10.81.1.20", 9090)).as("the group admits 8080 only, across hosts too").isEmpty();
        assertThat(reach(b, "10.81.1.10", 9090)).isEmpty();

        // nc wrote no forwarding entry: the EVPN speaker installed the other host's router MAC
        String fdb = Shell.run("ip", "netns", "exec", HOSTS.get(0), "bridge", "fdb", "show", "dev",
                DATAPATHS.get(0).names().segmentTunnel(VPC)).stdout();
        assertThat(fdb).contains("extern_learn").contains("dst 198.18.250.2");
    }

    private static String container(String name) {
        String id = Engine.docker("run", "-d", "--network", "none", "--label", "nc.test.multihost=" + RUN, Engine.get().image(), "sh", "-c",
                "nc -ll -p 8080 -e echo hello from " + name + " & nc -ll -p 9090 -e echo hello from " + name + " & sleep 100000").strip();
        CONTAINERS.add(id);
        return id;
    }

    private static long pid(String id) {
        return Long.parseLong(Engine.docker("inspect", "--format", "{{.State.Pid}}", id).strip());
    }

    private static String reach(String from, String ip, int port) {
        return Shell.run("docker", "exec", from, "sh", "-c", "nc -w 1 " + ip + " " + port + " </dev/null").stdout().strip();
    }

    private static void sh(String script) {
        Shell.run(List.of("sh", "-c", script), Map.of(), null, Duration.ofSeconds(30)).orThrow();
    }
}
