package nc.runtime.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nc.runtime.host.net.Rule.Direction;
import nc.runtime.host.net.Rule.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the mechanisms write, without touching the host. */
class HostNetRulesTest {

    @Test
    void rulesAreNormalisedAsTheApiStoresThem() {
        Rule icmp = Rule.fromApi(0, 1, "10.1.2.3/16", 80, 90);
        assertThat(icmp).isEqualTo(new Rule(Direction.INGRESS, Protocol.ICMP, "10.1.0.0/16", 0, 0));
        assertThat(Rule.fromApi(1, 6, "0.0.0.0/0", null, null)).isEqualTo(Rule.egress(Protocol.TCP, "0.0.0.0/0", 1, 65535));
        assertThat(Rule.ingress(Protocol.UDP, "192.168.1.7", 53, 53).addressPrefix()).isEqualTo("192.168.1.7/32");

        assertThatThrownBy(() -> Rule.fromApi(2, 6, "0.0.0.0/0", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.fromApi(0, 47, "0.0.0.0/0", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.ingress(Protocol.TCP, "0.0.0.0/0", 90, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.ingress(Protocol.TCP, "0.0.0.0/0", 0, 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.ingress(Protocol.TCP, "fe80::/64", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.ingress(Protocol.TCP, "10.0.0.0/33", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rule.ingress(Protocol.TCP, "10.0.0.0/8 -j ACCEPT", 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interfaceChainsReturnWhatIsAllowedAndDropTheRest() {
        List<Rule> rules = List.of(
                Rule.ingress(Protocol.TCP, "10.0.1.0/24", 80, 80),
                Rule.ingress(Protocol.UDP, "0.0.0.0/0", 5000, 5100),
                Rule.ingress(Protocol.ICMP, "10.0.0.5/32", 0, 0),
                Rule.ingress(Protocol.TCP, "10.0.1.0/24", 80, 80),
                Rule.egress(Protocol.ALL, "0.0.0.0/0", 0, 0),
                Rule.egress(Protocol.TCP, "172.16.0.0/12", 1, 65535));

        assertThat(Firewall.ingressRules(rules)).containsExactly(
                "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
                "-s 10.0.1.0/24 -p tcp -m tcp --dport 80 -j RETURN",
                "-p udp -m udp --dport 5000:5100 -j RETURN",
                "-s 10.0.0.5/32 -p icmp -j RETURN",
                "-j DROP");
        assertThat(Firewall.egressRules(rules, List.of("10.255.255.53"))).containsExactly(
                "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
                "-d 10.255.255.53/32 -p udp -m udp --dport 53 -j RETURN",
                "-d 10.255.255.53/32 -p tcp -m tcp --dport 53 -j RETURN",
                "-j RETURN",
                "-d 172.16.0.0/12 -p tcp -j RETURN",
                "-j DROP");
        assertThat(Firewall.ingressRules(List.of())).containsExactly("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN", "-j DROP");
    }

    @Test
    void namesStayWithinTheKernelsLimitsAndScopesDoNotShareThem() {
        NetScope scope = NetScope.forOwner("nc-0123456789abcdef");
        Firewall fw = new Firewall(scope, List.of());
        assertThat(scope.token()).hasSize(6);
        assertThat(fw.egressChain("port-" + "x".repeat(200))).hasSizeLessThanOrEqualTo(28).startsWith(scope.chainPrefix() + "E-");
        assertThat(fw.vpcChain("vpc-1")).hasSizeLessThanOrEqualTo(28);
        assertThat(new NetScope("abcdefgh").chain("I-0123456789")).hasSizeLessThanOrEqualTo(28);
        assertThat(new BandwidthShaper(scope).ifbOf("veth1234567")).hasSize(13);
        assertThat(new BandwidthShaper(scope).ifbOf("veth1234567")).isNotEqualTo(new BandwidthShaper(new NetScope("other")).ifbOf("veth1234567"));
        assertThat(NetScope.forOwner("a")).isNotEqualTo(NetScope.forOwner("b"));
        assertThatThrownBy(() -> new NetScope("too-long-9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterfacePolicy("port-1", "10.0.0.2", "br-x; rm -rf /", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchDeletesOwnRulesByPositionOthersByTextAndChainsLast() {
        NetScope scope = new NetScope("t1");
        Iptables.Saved saved = new Iptables.Saved("filter", List.of(
                ":DOCKER-USER - [0:0]",
                ":NCt1-SG - [0:0]",
                ":NCt1-E-aaaaaaaaaa - [0:0]",
                ":NCt1-E-bbbbbbbbbb - [0:0]",
                "-A DOCKER-USER -m comment --comment \"nc:t1\" -j NCt1-FWD",
                "-A NCt1-SG -s 10.0.0.2/32 -i br-1 -j NCt1-E-aaaaaaaaaa",
                "-A NCt1-SG -s 10.0.0.3/32 -i br-1 -j NCt1-E-bbbbbbbbbb",
                "-A NCt1-SG -s 10.0.0.4/32 -i br-1 -j NCt1-E-bbbbbbbbbb",
                "-A NCt1-E-bbbbbbbbbb -j DROP"));
        Iptables.Batch batch = new Iptables.Batch(saved, scope.chainPrefix());
        saved.jumpsTo("NCt1-E-bbbbbbbbbb").forEach(batch::delete);
        saved.rules("NCt1-E-bbbbbbbbbb").forEach(batch::delete);
        batch.removeChain("NCt1-E-bbbbbbbbbb");
        batch.delete("-A DOCKER-USER -m comment --comment \"nc:t1\" -j NCt1-FWD");
        batch.replaceChain("NCt1-E-aaaaaaaaaa", List.of("-j DROP"));
        batch.append("NCt1-SG", "-s 10.0.0.9/32 -i br-1 -j NCt1-E-aaaaaaaaaa");

        assertThat(batch.script()).isEqualTo("""
                *filter
                :NCt1-E-aaaaaaaaaa - [0:0]
                -D NCt1-SG 3
                -D NCt1-SG 2
                -D DOCKER-USER -m comment --comment "nc:t1" -j NCt1-FWD
                -A NCt1-E-aaaaaaaaaa -j DROP
                -A NCt1-SG -s 10.0.0.9/32 -i br-1 -j NCt1-E-aaaaaaaaaa
                -F NCt1-E-bbbbbbbbbb
                -X NCt1-E-bbbbbbbbbb
                COMMIT
                """);
        assertThat(new Iptables.Batch(saved, scope.chainPrefix()).isEmpty()).isTrue();
    }

    @Test
    void theDnsExceptionFollowsTheEnginesChoiceOfResolvers(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, "# comment\nnameserver 10.255.255.53\nnameserver 127.0.0.53\nnameserver fd00::1\nsearch example\nnameserver 192.168.1.1\n");
        assertThat(Firewall.engineResolvers(conf)).containsExactly("10.255.255.53", "192.168.1.1");
        Files.writeString(conf, "nameserver 127.0.0.53\n");
        assertThat(Firewall.engineResolvers(conf)).as("Docker's fallback when only loopback resolvers are set").containsExactly("8.8.8.8", "8.8.4.4");
    }
}
