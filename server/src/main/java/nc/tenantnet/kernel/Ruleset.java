package nc.tenantnet.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nc.tenantnet.Rule;
import nc.tenantnet.VpcNetwork;

/**
 * The nftables of one VPC's router namespace, rendered whole from the VPC's wanted state (pure;
 * unit-tested). Loaded with one {@code nft -f}, which replaces both tables in one transaction: a
 * rule change is in force for every member at once, never half-written.
 *
 * <p><b>Fail-closed.</b> Container ports are isolated bridge ports, so containers reach nothing at
 * layer 2 but the router; everything between them, and to and from outside, is routed. Forwarded
 * traffic passes only with mark bit 1, which the {@code pre} chain sets on allowed traffic alone;
 * a policy-routing rule per bridge and for the transit link blackholes forwarded traffic without
 * it, and the {@code forward_gate} chain drops it too. Lose the rules (a flush) and nothing is
 * marked: traffic stops, it does not flow unfiltered. Lose the routing rules and the gate still
 * drops.
 *
 * <p><b>Security groups.</b> Stateful: packets of accepted connections pass; a new connection
 * passes the egress rules of its source interface (when that is in the VPC) and the ingress rules
 * of its destination interface (when that is in the VPC). An address with no interface, or an
 * interface without rules, passes nothing. Traffic from outside enters only through an elastic
 * IP's DNAT.
 *
 * <p><b>Anti-spoofing.</b> The {@code bridge nc} table lets a port send only IPv4 and ARP with its
 * own address, so an interface's address is as strong as its port.
 */
final class Ruleset {
    private Ruleset() {
    }

    /** Without the VPC resolver. */
    static String render(VpcNetwork vpc, Map<String, String> plugged) {
        return render(vpc, plugged, 0);
    }

    /**
     * @param plugged      the port (veth) name of each plugged interface, by NIC id
     * @param resolverPort the host's port (UDP and TCP) of the VPC resolver (0: none): DNS queries
     *                     to a subnet's gateway, over UDP or TCP, go there, from the router's transit
     *                     address, whatever the interface's groups say (as a cloud's VPC resolver)
     */
    static String render(VpcNetwork vpc, Map<String, String> plugged, int resolverPort) {
        List<VpcNetwork.Port> ports = vpc.ports();
        Set<String> privatesWithEip = vpc.publicAddresses().stream().map(VpcNetwork.PublicAddress::privateIp)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        StringBuilder out = new StringBuilder();
        out.append("table inet nc\ndelete table inet nc\ntable bridge nc\ndelete table bridge nc\n");
        out.append("table inet nc {\n");
        set(out, "nics", "ipv4_addr", false, ports.stream().map(VpcNetwork.Port::ip).distinct().toList());
        set(out, "vpc", "ipv4_addr", true, vpc.segments().stream().map(VpcNetwork.Segment::cidr).distinct().toList());
        set(out, "with_eip", "ipv4_addr", false, List.copyOf(privatesWithEip));
        set(out, "gateways", "ipv4_addr", false, vpc.segments().stream().map(VpcNetwork.Segment::gateway).distinct().toList());
        map(out, "egress", ports.stream().map(p -> p.ip() + " : jump " + chain("e", p)).distinct().toList());
        map(out, "ingress", ports.stream().map(p -> p.ip() + " : jump " + chain("i", p)).distinct().toList());
        for (VpcNetwork.Port p : ports) {
            chainOf(out, chain("e", p), p.rules().stream().filter(r -> r.direction() == Rule.Direction.EGRESS).toList());
            chainOf(out, chain("i", p), p.rules().stream().filter(r -> r.direction() == Rule.Direction.INGRESS).toList());
        }
        String resolver = KernelTenantNetwork.HOST_TRANSIT_ADDRESS + " meta l4proto { tcp, udp } th dport " + resolverPort;
        out.append("  chain nat_pre {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        if (resolverPort > 0) {
            out.append("    iifname != \"").append(Names.TRANSIT).append("\" ip daddr @gateways meta l4proto { tcp, udp } th dport 53 dnat ip to ")
                    .append(KernelTenantNetwork.HOST_TRANSIT_ADDRESS).append(':').append(resolverPort).append('\n');
        }
        for (VpcNetwork.PublicAddress a : vpc.publicAddresses()) {
            out.append("    iifname \"").append(Names.TRANSIT).append("\" ip daddr ").append(a.address())
                    .append(" dnat ip to ").append(a.privateIp()).append('\n');
        }
        out.append("  }\n");
        out.append("  chain nat_post {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        if (resolverPort > 0) {
            out.append("    oifname \"").append(Names.TRANSIT).append("\" ip daddr ").append(resolver).append(" masquerade\n");
        }
        for (VpcNetwork.PublicAddress a : vpc.publicAddresses()) {
            out.append("    oifname \"").append(Names.TRANSIT).append("\" ip saddr ").append(a.privateIp())
                    .append(" snat ip to ").append(a.address()).append('\n');
        }
        if (vpc.sharedOutboundNat()) {
            out.append("    oifname \"").append(Names.TRANSIT).append("\" masquerade\n");
        }
        out.append("  }\n");
        out.append("""
                  chain pre {
                    type filter hook prerouting priority filter; policy accept;
                    ct state established,related meta mark set mark | 0x1 accept
                    ct state invalid drop
                    fib daddr type local accept
                    iifname "t0" goto from_outside
                    iifname "f0" goto from_fabric
                    goto from_inside
                  }
                  chain from_fabric {
                    ip saddr != @nics drop
                    goto to_inside
                  }
                  chain from_inside {
                    ip saddr != @nics drop
                """);
        if (resolverPort > 0) {
            out.append("    ct status dnat ip daddr ").append(resolver).append(" meta mark set mark | 0x1 accept\n");
        }
        out.append("""
                    ip saddr vmap @egress
                    ip daddr @vpc goto to_inside
                """);
        if (!vpc.sharedOutboundNat()) {
            out.append("    ip saddr != @with_eip drop\n");
        }
        out.append("""
                    meta mark set mark | 0x1 accept
                  }
                  chain from_outside {
                    ct status & dnat == 0 drop
                    goto to_inside
                  }
                  chain to_inside {
                    ip daddr != @nics drop
                    ip daddr vmap @ingress
                    meta mark set mark | 0x1 accept
                  }
                  chain forward_gate {
                    type filter hook forward priority filter; policy drop;
                    meta mark & 0x1 == 0x1 accept
                  }
                }
                """);
        out.append("table bridge nc {\n");
        List<String> owned = new ArrayList<>();
        for (VpcNetwork.Port p : ports) {
            String port = plugged.get(p.nicId());
            if (port != null) {
                owned.add("\"" + port + "\" . " + p.ip());
            }
        }
        out.append("  set ports {\n    type ifname . ipv4_addr\n");
        if (!owned.isEmpty()) {
            out.append("    elements = { ").append(String.join(", ", owned)).append(" }\n");
        }
        out.append("  }\n");
        out.append("""
                  chain pre {
                    type filter hook prerouting priority -200; policy accept;
                    iifname != "v*" accept
                    ether type ip iifname . ip saddr @ports accept
                    ether type arp iifname . arp saddr ip @ports accept
                    drop
                  }
                }
                """);
        return out.toString();
    }

    private static String chain(String kind, VpcNetwork.Port p) {
        return kind + "_" + Names.hash(p.nicId(), 10);
    }

    private static void set(StringBuilder out, String name, String type, boolean interval, List<String> elements) {
        out.append("  set ").append(name).append(" {\n    type ").append(type).append('\n');
        if (interval) {
            out.append("    flags interval\n");
        }
        if (!elements.isEmpty()) {
            out.append("    elements = { ").append(String.join(", ", elements)).append(" }\n");
        }
        out.append("  }\n");
    }

    private static void map(StringBuilder out, String name, List<String> elements) {
        out.append("  map ").append(name).append(" {\n    type ipv4_addr : verdict\n");
        if (!elements.isEmpty()) {
            out.append("    elements = { ").append(String.join(", ", elements)).append(" }\n");
        }
        out.append("  }\n");
    }

    /** An interface's rules of one direction: {@code return} what they allow, drop the rest. */
    private static void chainOf(StringBuilder out, String name, List<Rule> rules) {
        out.append("  chain ").append(name).append(" {\n");
        rules.stream().map(Ruleset::allow).distinct().forEach(r -> out.append("    ").append(r).append('\n'));
        out.append("    drop\n  }\n");
    }

    /** The nft match of one rule, ending in {@code return}: e.g. {@code ip saddr 10.0.0.0/8 tcp dport 80-90 return}. */
    static String allow(Rule rule) {
        StringBuilder m = new StringBuilder();
        if (!rule.addressPrefix().equals("0.0.0.0/0")) {
            m.append(rule.direction() == Rule.Direction.INGRESS ? "ip saddr " : "ip daddr ").append(rule.addressPrefix()).append(' ');
        }
        switch (rule.protocol()) {
            case ALL -> { }
            case ICMP -> m.append("ip protocol icmp ");
            case TCP, UDP -> {
                String p = rule.protocol() == Rule.Protocol.TCP ? "tcp" : "udp";
                if (rule.fromPort() == 1 && rule.toPort() == 65535) {
                    m.append("meta l4proto ").append(p).append(' ');
                } else {
                    m.append(p).append(" dport ").append(rule.fromPort() == rule.toPort()
                            ? Integer.toString(rule.fromPort()) : rule.fromPort() + "-" + rule.toPort()).append(' ');
                }
            }
            default -> throw new IllegalStateException();
        }
        return m.append("return").toString();
    }
}
