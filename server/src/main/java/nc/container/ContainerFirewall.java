package nc.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nc.network.Cidr;
import nc.network.NetworkService;
import nc.network.SecurityGroupRule;
import nc.network.Subnet;
import nc.runtime.host.net.HostInterfaces;
import nc.runtime.host.net.HostNetwork;
import nc.runtime.host.net.InterfacePolicy;
import nc.runtime.host.net.Rule;

/**
 * Makes a container's VPC and security groups true on the host (VPC-DISK-API.md §2.4, §6): the
 * subnets of one VPC reach each other, other VPCs stay apart, and each interface only lets pass
 * what the union of its groups' rules allows. Without the host's means (not root, no iptables, a
 * remote engine) it does nothing.
 */
final class ContainerFirewall {
    private final HostNetwork host;
    private final NetworkService network;
    /** The bridges each VPC was last connected with: unchanged sets cost no iptables round trip. */
    private final java.util.Map<String, List<String>> connected = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param host empty where the host's network cannot be changed: then nothing is enforced */
    ContainerFirewall(Optional<HostNetwork> host, NetworkService network) {
        this.host = host.orElse(null);
        this.network = network;
    }

    /** The VPC's subnets that exist as bridges reach each other; called whenever one of its subnets gets its bridge. */
    void connectVpc(String vpcId) {
        if (host == null) {
            return;
        }
        List<String> bridges = new ArrayList<>();
        for (Subnet s : network.subnetsOfVpc(vpcId)) {
            bridge(s).ifPresent(bridges::add);
        }
        if (bridges.equals(connected.get(vpcId))) {
            return;
        }
        host.firewall().connectVpc(vpcId, bridges);
        connected.put(vpcId, List.copyOf(bridges));
    }

    /** Replaces the interface's filter with the union of its groups' rules (atomic; effective at once). */
    void apply(Container c, List<String> groupIds) {
        if (host == null) {
            return;
        }
        Subnet subnet = network.subnetById(c.subnetId()).orElseThrow();
        String bridge = bridge(subnet).orElseThrow(() -> new IllegalStateException("no bridge for subnet " + subnet.subnetId()));
        List<Rule> rules = new ArrayList<>();
        for (String groupId : groupIds) {
            for (SecurityGroupRule r : network.rules(groupId)) {
                rules.add(Rule.fromApi(r.direction(), r.protocol(), r.addressPrefix(), r.fromPort(), r.toPort()));
            }
        }
        host.firewall().apply(new InterfacePolicy(c.nicId(), c.privateIp(), bridge, rules));
    }

    void remove(Container c) {
        if (host != null) {
            host.firewall().remove(c.nicId());
        }
    }

    /** On start: filters of interfaces and VPCs that no longer exist go. */
    void sweep(Set<String> interfaceIds, Set<String> vpcIds) {
        if (host != null) {
            host.firewall().removeAllExcept(interfaceIds);
            host.firewall().disconnectAllVpcsExcept(vpcIds);
            connected.keySet().retainAll(vpcIds);
        }
    }

    private static Optional<String> bridge(Subnet subnet) {
        return HostInterfaces.bridgeWithAddress(Cidr.format(subnet.range().gateway()));
    }
}
