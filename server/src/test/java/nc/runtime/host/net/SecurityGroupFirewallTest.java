package nc.runtime.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import nc.runtime.host.net.NetLab.Box;
import nc.runtime.host.net.NetLab.Net;
import nc.runtime.host.net.Rule.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security groups on a running container (docs/api/vpc-disk.md §2.4 S1–S6). One VPC of two subnets:
 * n1 holds the guarded box {@code srv} (TCP 7001–7003) and the client {@code c1}; n2 holds the
 * client {@code c2}. Clients answer on TCP 7000 and have no policy. The firewall's DNS exception
 * (S2) is n1's gateway, where the test listens on UDP 53 like an upstream resolver would.
 */
class SecurityGroupFirewallTest {
    private static final Duration SHORT = Duration.ofMillis(700);
    private static final String SRV_ID = "port-srv";
    private static NetLab lab;
    private static Net n1;
    private static Net n2;
    private static Box srv;
    private static Box c1;
    private static Box c2;

    @BeforeAll
    static void lab() {
        lab = NetLab.open();
        n1 = lab.network("n1");
        n2 = lab.network("n2");
        lab.useResolvers(List.of(n1.gateway()));
        lab.host.firewall().connectVpc("vpc-sg", List.of(n1.bridge(), n2.bridge()));
        srv = lab.box("srv", n1, 10, List.of(7001, 7002, 7003));
        c1 = lab.box("c1", n1, 11, List.of(7000));
        c2 = lab.box("c2", n2, 12, List.of(7000));
    }

    @AfterAll
    static void cleanUp() {
        if (lab != null) {
            lab.close();
            assertThat(lab.host.artefacts()).isEmpty();
        }
    }

    @AfterEach
    void noPolicy() {
        lab.host.firewall().remove(SRV_ID);
    }

    private static void apply(Rule... rules) {
        lab.host.firewall().apply(new InterfacePolicy(SRV_ID, srv.ip(), n1.bridge(), List.of(rules)));
    }

    private static String slash32(Box box) {
        return box.ip() + "/32";
    }

    @Test
    void withoutPolicyEverythingPassesAndAGroupWithoutRulesLetsNothingInOrOut() throws IOException {
        assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c2, 7001, srv)).containsExactly("srv");

        apply();

        assertThat(lab.tcpReachable(c1, 7001, srv)).isEmpty();
        assertThat(lab.tcpReachable(c2, 7002, srv)).isEmpty();
        assertThat(lab.pingable(c1, srv)).isEmpty();
        assertThat(lab.tcpReachable(srv, 7000, c1, c2)).isEmpty();
        assertThat(lab.pingable(srv, c1, c2)).isEmpty();
        assertThat(NetLab.hostConnect(srv.ip(), 7001, SHORT)).as("host to container").isNull();
        assertThat(hostSeesConnectionFrom(srv, n1.gateway())).as("container to host").isFalse();
    }

    @Test
    void ingressIsAllowedByPortRangeAndSourcePrefixFromBothSubnets() {
        apply(Rule.ingress(Protocol.TCP, slash32(c1), 7001, 7001),
                Rule.ingress(Protocol.TCP, n2.cidr(), 7002, 7003));

        assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c1, 7002, srv)).isEmpty();
        assertThat(lab.tcpReachable(c2, 7001, srv)).isEmpty();
        assertThat(lab.tcpReachable(c2, 7002, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c2, 7003, srv)).containsExactly("srv");
        assertThat(lab.pingable(c1, srv)).isEmpty();
        assertThat(lab.pingable(c2, srv)).isEmpty();
    }

    @Test
    void egressIsDeniedUnlessAllowedAndRepliesPassEitherWay() {
        apply(Rule.ingress(Protocol.TCP, "0.0.0.0/0", 7001, 7001),
                Rule.egress(Protocol.TCP, slash32(c1), 7000, 7000));

        // no egress rule covers srv's answers on 7001, no ingress rule covers c1's answers on 7000
        assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c2, 7001, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(srv, 7000, c1, c2)).containsExactly("c1");
        assertThat(lab.pingable(srv, c1)).isEmpty();
    }

    @Test
    void severalGroupsGiveTheUnionOfTheirRulesForEveryProtocol() {
        List<Rule> groupA = List.of(Rule.ingress(Protocol.ICMP, slash32(c1), 0, 0));
        List<Rule> groupB = List.of(Rule.ingress(Protocol.ALL, n2.cidr(), 0, 0), Rule.egress(Protocol.ALL, n2.cidr(), 0, 0));
        List<Rule> union = new ArrayList<>(groupA);
        union.addAll(groupB);
        union.addAll(groupA);
        apply(union.toArray(Rule[]::new));

        assertThat(lab.pingable(c1, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c1, 7001, srv)).isEmpty();
        assertThat(lab.pingable(c2, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c2, 7003, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(srv, 7000, c1, c2)).containsExactly("c2");
        assertThat(lab.pingable(srv, c1, c2)).containsExactly("c2");
    }

    @Test
    void udpEgressFollowsTheRulesAndTheEnginesResolverStaysReachable() throws Exception {
        apply();
        try (DnsListener resolver = new DnsListener(n1.gateway()); DnsListener other = new DnsListener(n2.gateway())) {
            // the embedded DNS server inside the namespace resolves container names (S2)
            assertThat(lab.exec(srv, "nslookup nc-" + lab.run + "-c1 127.0.0.11")).contains(c1.ip());
            // its upstream resolver (here: n1's gateway) stays reachable on port 53 (S2)
            assertThat(lab.exec(srv, "timeout 3 nslookup example.test " + n1.gateway())).contains("NXDOMAIN");
            assertThat(resolver.queries()).isNotEmpty();
            // nothing else is
            assertThat(lab.exec(srv, "timeout 3 nslookup example.test " + n2.gateway())).doesNotContain("NXDOMAIN");
            assertThat(other.queries()).isEmpty();

            apply(Rule.egress(Protocol.UDP, n2.gateway() + "/32", 53, 53));
            assertThat(lab.exec(srv, "timeout 3 nslookup example.test " + n2.gateway())).contains("NXDOMAIN");
            assertThat(other.queries()).isNotEmpty();
        }
    }

    @Test
    void trafficBetweenHostAndContainerFollowsTheSameRules() throws Exception {
        apply(Rule.ingress(Protocol.TCP, "0.0.0.0/0", 7001, 7001));
        assertThat(NetLab.hostConnect(srv.ip(), 7001, SHORT)).isEqualTo("srv");
        assertThat(NetLab.hostConnect(srv.ip(), 7002, SHORT)).isNull();
        assertThat(hostSeesConnectionFrom(srv, n1.gateway())).isFalse();

        apply(Rule.ingress(Protocol.TCP, "0.0.0.0/0", 7001, 7001), Rule.egress(Protocol.TCP, n1.gateway() + "/32", 1, 65535));
        assertThat(hostSeesConnectionFrom(srv, n1.gateway())).isTrue();
    }

    @Test
    void aRuleChangeReachesRunningContainersWithinTwoSeconds() throws Exception {
        apply();
        // c1 opens a new connection to srv:7001 every 100 ms and logs when one is answered
        lab.exec(c1, "rm -f /probe.log");
        lab.execDetached(c1, "i=0; while [ $i -lt 150 ]; do (nc -w 2 " + srv.ip()
                + " 7001 </dev/null 2>/dev/null | grep -q srv && cut -d' ' -f1 /proc/uptime >> /probe.log) & sleep 0.1; i=$((i+1)); done");
        Thread.sleep(1500);
        assertThat(successes()).as("denied before the change").isEmpty();

        double opened = NetLab.uptime();
        long t0 = System.nanoTime();
        apply(Rule.ingress(Protocol.TCP, slash32(c1), 7001, 7001));
        Duration applyTook = Duration.ofNanos(System.nanoTime() - t0);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !successes().isEmpty());
        double openLatency = successes().get(0) - opened;

        Thread.sleep(1000);
        double closed = NetLab.uptime();
        t0 = System.nanoTime();
        apply();
        Duration revokeTook = Duration.ofNanos(System.nanoTime() - t0);
        Thread.sleep(3000);
        List<Double> all = successes();
        double closeLatency = all.get(all.size() - 1) - closed;
        System.err.printf("[measure] rule change: apply() took %d ms (allow) / %d ms (revoke); first new connection allowed %.2f s after the change;"
                + " last connection allowed %.2f s after the revoke (%d connections in between)%n",
                applyTook.toMillis(), revokeTook.toMillis(), openLatency, closeLatency, all.size());
        assertThat(openLatency).isLessThan(2.0);
        assertThat(closeLatency).isLessThan(2.0);
        assertThat(all.size()).as("the probe kept connecting while allowed").isGreaterThan(3);
    }

    private static List<Double> successes() {
        return lab.exec(c1, "cat /probe.log 2>/dev/null").lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(Double::parseDouble).sorted().toList();
    }

    @Test
    void removeAndSweepLeaveOnlyWhatIsKept() {
        apply(Rule.ingress(Protocol.TCP, slash32(c1), 7001, 7001));
        lab.host.firewall().apply(new InterfacePolicy("port-other", n2.address(99), n2.bridge(), List.of()));
        Firewall fw = lab.host.firewall();
        assertThat(fw.listRules()).anyMatch(l -> l.contains(fw.egressChain(SRV_ID))).anyMatch(l -> l.contains(fw.ingressChain("port-other")));
        int withBoth = fw.listRules().size();

        fw.apply(new InterfacePolicy("port-other", n2.address(99), n2.bridge(), List.of()));
        assertThat(fw.listRules()).as("applying again adds nothing").hasSize(withBoth);

        fw.removeAllExcept(Set.of(SRV_ID));
        assertThat(fw.listRules()).anyMatch(l -> l.contains(fw.egressChain(SRV_ID))).noneMatch(l -> l.contains(fw.egressChain("port-other")))
                .noneMatch(l -> l.contains("port-other"));
        assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
        assertThat(lab.tcpReachable(c1, 7002, srv)).isEmpty();

        fw.remove(SRV_ID);
        assertThat(fw.listRules()).noneMatch(l -> l.contains(lab.scope.chain("E-")) || l.contains(lab.scope.chain("I-")));
        assertThat(lab.tcpReachable(c1, 7002, srv)).containsExactly("srv");
    }

    @Test
    void severalInterfacesWrittenInOneTransactionEachGetTheirOwnPolicy() {
        Firewall fw = lab.host.firewall();
        List<InterfacePolicy> both = List.of(
                new InterfacePolicy(SRV_ID, srv.ip(), n1.bridge(), List.of(Rule.ingress(Protocol.TCP, slash32(c1), 7001, 7001))),
                new InterfacePolicy("port-c1", c1.ip(), n1.bridge(), List.of(Rule.egress(Protocol.ALL, "0.0.0.0/0", 0, 0))));
        try {
            fw.apply(both);

            assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
            assertThat(lab.tcpReachable(c1, 7002, srv)).isEmpty();
            assertThat(lab.tcpReachable(c2, 7000, c1)).as("c1's own policy lets only out").isEmpty();
            int written = fw.listRules().size();

            fw.apply(both);
            assertThat(fw.listRules()).as("writing both again adds nothing").hasSize(written);
        } finally {
            fw.remove("port-c1");
        }
        assertThat(lab.tcpReachable(c2, 7000, c1)).containsExactly("c1");
    }

    @Test
    void aNewInterfaceOnTheSameAddressReplacesTheOldPolicy() {
        lab.host.firewall().apply(new InterfacePolicy("port-old", srv.ip(), n1.bridge(), List.of()));
        assertThat(lab.tcpReachable(c1, 7001, srv)).isEmpty();

        apply(Rule.ingress(Protocol.TCP, "0.0.0.0/0", 7001, 7001));

        assertThat(lab.tcpReachable(c1, 7001, srv)).containsExactly("srv");
        assertThat(lab.host.firewall().listRules()).noneMatch(l -> l.contains(lab.host.firewall().ingressChain("port-old")));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Whether a TCP connection from the container to the host at address reaches a listener there. */
    private static boolean hostSeesConnectionFrom(Box box, String address) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0));
            server.setSoTimeout(3000);
            List<String> got = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("host\n".getBytes(StandardCharsets.UTF_8));
                    got.add(s.getInetAddress().getHostAddress());
                } catch (IOException ignored) {
                    // timeout: nothing came
                }
            });
            t.start();
            lab.exec(box, "nc -w 2 " + address + " " + server.getLocalPort() + " </dev/null");
            try {
                t.join(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !got.isEmpty();
        }
    }

    /** UDP port 53 on a host address: counts queries and answers each NXDOMAIN, as a resolver would. */
    private static final class DnsListener implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<String> queries = new CopyOnWriteArrayList<>();
        private final Thread thread;

        DnsListener(String address) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
            socket.setSoTimeout(200);
            thread = new Thread(this::serve, "dns-" + address);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            byte[] buf = new byte[1500];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return;
                }
                if (p.getLength() < 12) {
                    continue;
                }
                queries.add(p.getAddress().getHostAddress());
                byte[] answer = java.util.Arrays.copyOf(p.getData(), p.getLength());
                answer[2] = (byte) (answer[2] | 0x80);           // QR: a response
                answer[3] = (byte) ((answer[3] & 0xf0) | 3);     // RCODE 3: NXDOMAIN
                try {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        }

        List<String> queries() {
            return queries;
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }
}
