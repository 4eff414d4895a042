package nc.runtime.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import nc.runtime.host.net.NetLab.Box;
import nc.runtime.host.net.NetLab.Net;
import nc.runtime.host.net.Rule.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Everything nc adds to the host (chains, jumps, NAT rules, qdiscs, IFB devices) is listed by
 * {@link HostNetwork#artefacts()}, counted here before and after, and removed by the sweeps and
 * {@link HostNetwork#removeAll()}, scope by scope.
 */
class HostNetworkCleanupTest {
    private static NetLab lab;
    private static Net n1;
    private static Net n2;
    private static Box a;
    private static Box b;
    private static Box a2;
    private static HostNetwork other;

    @BeforeAll
    static void lab() {
        lab = NetLab.open();
        n1 = lab.network("n1");
        n2 = lab.network("n2");
        a = lab.box("a", n1, 10, List.of(7000));
        b = lab.box("b", n2, 10, List.of(7000));
        a2 = lab.box("a2", n1, 11, List.of());
        NetScope otherScope = new NetScope("o" + lab.scope.token().substring(1));
        other = new HostNetwork(otherScope, new Firewall(otherScope, List.of()));
    }

    @AfterAll
    static void cleanUp() {
        if (lab != null) {
            other.removeAll();
            lab.close();
            assertThat(lab.host.artefacts()).isEmpty();
        }
    }

    @Test
    void everythingAddedIsListedCountedAndRemovedWithoutTouchingOtherScopes() {
        HostNetwork mine = lab.host;
        assertThat(mine.artefacts()).isEmpty();
        assertThat(other.artefacts()).isEmpty();
        String eip = "127.100.0." + ThreadLocalRandom.current().nextInt(2, 254);
        String vethA = HostInterfaces.hostVethOf(lab.pid(a), "eth0");
        String vethB = HostInterfaces.hostVethOf(lab.pid(b), "eth0");

        everything(mine, eip, vethA);
        Map<String, Long> counts = kinds(mine.artefacts());
        System.err.println("[measure] artefacts of one scope with 1 VPC (2 subnets), 1 policy, 1 EIP, 1 shaped veth: " + counts
                + " = " + mine.artefacts().size() + " lines");
        assertThat(counts).containsOnlyKeys("filter", "nat", "tc", "link");
        everything(mine, eip, vethA);
        assertThat(kinds(mine.artefacts())).as("doing it all again adds nothing").isEqualTo(counts);

        other.firewall().connectVpc("vpc-o", List.of(n2.bridge()));
        other.firewall().apply(new InterfacePolicy("port-b", b.ip(), n2.bridge(), List.of()));
        other.bandwidth().shape(vethB, 3);
        int otherCount = other.artefacts().size();
        assertThat(mine.artefacts()).hasSize(counts.values().stream().mapToInt(Long::intValue).sum());

        // the sweeps of a restarted service that knows none of these any more
        HostNetwork restarted = new HostNetwork(lab.scope, new Firewall(lab.scope, List.of()));
        restarted.firewall().removeAllExcept(Set.of());
        restarted.firewall().disconnectAllVpcsExcept(Set.of());
        restarted.elasticIps().unbindAllExcept(Set.of());
        restarted.bandwidth().unshapeAllExcept(Set.of());
        assertThat(mine.artefacts()).as("only the fixed skeleton is left")
                .allMatch(l -> l.matches("(filter|nat): (:" + lab.scope.chainPrefix() + "(FWD|SG|VPC|EIP|IN|OUT|DNAT|POST|MASQ|SNAT|HOST) .*|-A .*)"))
                .noneMatch(l -> l.contains(lab.scope.chainPrefix() + "E-") || l.contains(lab.scope.chainPrefix() + "I-")
                        || l.contains(lab.scope.chainPrefix() + "V-") || l.contains(eip) || l.startsWith("tc") || l.startsWith("link"));

        mine.removeAll();

        assertThat(mine.artefacts()).isEmpty();
        assertThat(NetLab.sh("iptables-save")).doesNotContain(lab.scope.chainPrefix()).doesNotContain("nc:" + lab.scope.token());
        assertThat(NetLab.sh("tc", "qdisc", "show", "dev", vethA)).doesNotContain(BandwidthShaper.HANDLE + ":");
        assertThat(other.artefacts()).as("another scope's rules are not touched").hasSize(otherCount);
        assertThat(lab.tcpReachable(a, 7000, a)).containsExactly("a");

        other.removeAll();
        assertThat(other.artefacts()).isEmpty();
    }

    @Test
    void theSkeletonHealsWhenAJumpIsLost() {
        HostNetwork mine = lab.host;
        mine.firewall().apply(new InterfacePolicy("port-a", a.ip(), n1.bridge(), List.of()));
        assertThat(lab.tcpReachable(a2, 7000, a)).isEmpty();
        String jump = mine.firewall().listRules().stream().filter(l -> l.startsWith("filter: -A DOCKER-USER ")).findFirst().orElseThrow();
        NetLab.sh("sh", "-c", "iptables " + jump.substring("filter: -A".length()).replaceFirst("^", "-D"));
        assertThat(mine.firewall().listRules()).noneMatch(l -> l.startsWith("filter: -A DOCKER-USER "));
        assertThat(lab.tcpReachable(a2, 7000, a)).as("without the jump the policy is bypassed").containsExactly("a");

        mine.firewall().apply(new InterfacePolicy("port-a", a.ip(), n1.bridge(), List.of(Rule.ingress(Protocol.ICMP, "0.0.0.0/0", 0, 0))));

        assertThat(mine.firewall().listRules()).filteredOn(l -> l.startsWith("filter: -A DOCKER-USER ")).hasSize(1);
        assertThat(lab.tcpReachable(a2, 7000, a)).isEmpty();
        mine.removeAll();
        assertThat(mine.artefacts()).isEmpty();
    }

    private static void everything(HostNetwork host, String eip, String veth) {
        host.firewall().connectVpc("vpc-1", List.of(n1.bridge(), n2.bridge()));
        host.firewall().apply(new InterfacePolicy("port-a", a.ip(), n1.bridge(),
                List.of(Rule.ingress(Protocol.TCP, "0.0.0.0/0", 7000, 7000), Rule.egress(Protocol.ALL, "10.0.0.0/8", 0, 0))));
        host.elasticIps().bindElasticIp(eip, a.ip(), n1.bridge());
        host.bandwidth().shape(veth, 5);
    }

    private static Map<String, Long> kinds(List<String> artefacts) {
        Map<String, Long> out = new TreeMap<>();
        artefacts.forEach(l -> out.merge(l.substring(0, l.indexOf(l.startsWith("tc ") ? ' ' : ':')), 1L, Long::sum));
        return out;
    }
}
