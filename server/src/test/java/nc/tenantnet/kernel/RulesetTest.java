package nc.tenantnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nc.tenantnet.Rule;
import nc.tenantnet.VpcNetwork;
import org.junit.jupiter.api.Test;

/** The VPC router's rule set as text: what each security group rule becomes, and the fail-closed skeleton. */
class RulesetTest {
    private static final VpcNetwork.Segment WEB = new VpcNetwork.Segment("subnet-web", "10.1.16.0/24", "10.1.16.1");

    private static VpcNetwork vpc(List<VpcNetwork.Port> ports, List<VpcNetwork.PublicAddress> eips, boolean sharedNat) {
        return new VpcNetwork("vpc-1", List.of(WEB), ports, eips, sharedNat);
    }

    @Test
    void eachRuleBecomesOneReturnAndEverythingElseOfTheInterfaceIsDropped() {
        assertThat(Ruleset.allow(Rule.ingress(Rule.Protocol.TCP, "10.0.0.0/8", 80, 80))).isEqualTo("ip saddr 10.0.0.0/8 tcp dport 80 return");
        assertThat(Ruleset.allow(Rule.egress(Rule.Protocol.UDP, "0.0.0.0/0", 1000, 2000))).isEqualTo("udp dport 1000-2000 return");
        assertThat(Ruleset.allow(Rule.egress(Rule.Protocol.TCP, "192.168.1.7", 0, 0))).isEqualTo("ip daddr 192.168.1.7/32 meta l4proto tcp return");
        assertThat(Ruleset.allow(Rule.ingress(Rule.Protocol.ICMP, "0.0.0.0/0", 0, 0))).isEqualTo("ip protocol icmp return");
        assertThat(Ruleset.allow(Rule.ingress(Rule.Protocol.ALL, "0.0.0.0/0", 0, 0))).isEqualTo("return");

        VpcNetwork.Port web = new VpcNetwork.Port("port-a", "c-a", "subnet-web", "10.1.16.3", "fa:16:3e:00:00:03",
                List.of(Rule.ingress(Rule.Protocol.TCP, "0.0.0.0/0", 80, 80)));
        String text = Ruleset.render(vpc(List.of(web), List.of(), false), Map.of("port-a", "vabcdef1"));
        String ingress = chain(text, "i_" + Names.hash("port-a", 10));
        assertThat(ingress).contains("tcp dport 80 return").endsWith("drop");
        assertThat(chain(text, "e_" + Names.hash("port-a", 10))).as("no egress rule: nothing out").isEqualTo("drop");
        assertThat(text).contains("elements = { 10.1.16.3 : jump i_" + Names.hash("port-a", 10) + " }");
        assertThat(text).as("the port may send only with its own address").contains("elements = { \"vabcdef1\" . 10.1.16.3 }");
    }

    @Test
    void forwardedTrafficPassesOnlyMarkedAndOnlyAddressesWithInterfacesAreReachable() {
        String text = Ruleset.render(vpc(List.of(), List.of(), false), Map.of());
        assertThat(chain(text, "forward_gate")).contains("policy drop;").contains("meta mark & 0x1 == 0x1 accept");
        assertThat(chain(text, "to_inside")).startsWith("ip daddr != @nics drop");
        assertThat(chain(text, "from_outside")).as("from outside only through an elastic IP's DNAT").startsWith("ct status & dnat == 0 drop");
        assertThat(chain(text, "from_inside")).as("without an elastic IP nothing leaves").contains("ip saddr != @with_eip drop");
        assertThat(text).as("both tables replaced in one transaction").startsWith("table inet nc\ndelete table inet nc\ntable bridge nc\ndelete table bridge nc\n");
    }

    @Test
    void anElasticIpIsOneToOneNatOnTheTransitLinkAndSharedNatMasqueradesTheRest() {
        String text = Ruleset.render(vpc(List.of(), List.of(new VpcNetwork.PublicAddress("127.100.0.7", "10.1.16.3", 5)), true), Map.of());
        assertThat(chain(text, "nat_pre")).contains("iifname \"t0\" ip daddr 127.100.0.7 dnat ip to 10.1.16.3");
        assertThat(chain(text, "nat_post")).contains("oifname \"t0\" ip saddr 10.1.16.3 snat ip to 127.100.0.7")
                .endsWith("oifname \"t0\" masquerade");
        assertThat(chain(text, "from_inside")).doesNotContain("@with_eip");
    }

    @Test
    void dnsQueriesToAGatewayOverUdpAndTcpGoToTheResolverWhateverTheGroupsSay() {
        String text = Ruleset.render(vpc(List.of(), List.of(), false), Map.of(), 5353);
        assertThat(chain(text, "nat_pre")).contains("iifname != \"t0\" ip daddr @gateways meta l4proto { tcp, udp } th dport 53 dnat ip to 169.254.0.1:5353");
        assertThat(chain(text, "nat_post")).contains("oifname \"t0\" ip daddr 169.254.0.1 meta l4proto { tcp, udp } th dport 5353 masquerade");
        assertThat(chain(text, "from_inside")).as("before the interface's egress rules")
                .startsWith("ip saddr != @nics drop\nct status dnat ip daddr 169.254.0.1 meta l4proto { tcp, udp } th dport 5353 meta mark set mark | 0x1 accept\nip saddr vmap @egress");
        assertThat(Ruleset.render(vpc(List.of(), List.of(), false), Map.of())).as("without a resolver, no DNS rule").doesNotContain("dport 53");
    }

    @Test
    void namesAreScopedPerInstallationAndFitTheKernelsLimit() {
        Names one = Names.forOwner("nc-one");
        Names two = Names.forOwner("nc-two");
        assertThat(one.namespace("vpc-1")).isNotEqualTo(two.namespace("vpc-1")).startsWith("nc-" + one.scope() + "-");
        assertThat(one.hostLink("vpc-1")).isNotEqualTo(two.hostLink("vpc-1")).hasSizeLessThanOrEqualTo(15);
        String port = one.port("port-a", 4_194_304);
        assertThat(port).hasSizeLessThanOrEqualTo(15).startsWith(one.portPrefix("port-a"));
        assertThat(Names.pidOf(port)).isEqualTo(4_194_304);
        assertThat(Names.bridgeMac("subnet-web")).matches("02(:[0-9a-f]{2}){5}").isEqualTo(Names.bridgeMac("subnet-web"));
    }

    /** The body of a chain, its lines joined by newlines, without the braces. */
    private static String chain(String text, String name) {
        int start = text.indexOf("  chain " + name + " {\n");
        assertThat(start).as("chain " + name).isNotNegative();
        int body = start + ("  chain " + name + " {\n").length();
        int end = text.indexOf("\n  }\n", body);
        return text.substring(body, end).lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
