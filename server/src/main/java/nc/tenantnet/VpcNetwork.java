package nc.tenantnet;

import java.util.List;
import java.util.Objects;

/**
 * Everything one VPC's datapath must carry, as the database wants it: its subnets, the container
 * interfaces in them with the union of their security groups' rules, and the elastic IPs bound to
 * them. {@link TenantNetwork#apply} makes the datapath exactly this; it is a value, rebuilt from
 * the database on every reconcile.
 *
 * @param sharedOutboundNat interfaces without an elastic IP may leave through the host's address
 */
public record VpcNetwork(String vpcId, List<Segment> segments, List<Port> ports,
        List<PublicAddress> publicAddresses, boolean sharedOutboundNat) {

    public VpcNetwork {
        Objects.requireNonNull(vpcId, "vpcId");
        segments = List.copyOf(segments);
        ports = List.copyOf(ports);
        publicAddresses = List.copyOf(publicAddresses);
    }

    /** A subnet: its range and the VPC router's address in it (the gateway of its interfaces). */
    public record Segment(String subnetId, String cidr, String gateway) {
        public Segment {
            Objects.requireNonNull(subnetId, "subnetId");
            cidr = Ipv4.prefix(cidr);
            gateway = Ipv4.address(gateway);
        }

        public int prefixLength() {
            return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        }
    }

    /**
     * A container's interface: plugged into its subnet whenever the container runs, passing only
     * what {@code rules} allow (stateful; nothing at all while it has no rules).
     *
     * @param host the host its container runs on (0: this one, where VPCs do not span hosts)
     */
    public record Port(String nicId, String containerId, String subnetId, String ip, String mac, List<Rule> rules, int host) {
        /** On this host. */
        public Port(String nicId, String containerId, String subnetId, String ip, String mac, List<Rule> rules) {
            this(nicId, containerId, subnetId, ip, mac, rules, 0);
        }

        public Port {
            Objects.requireNonNull(nicId, "nicId");
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(subnetId, "subnetId");
            ip = Ipv4.address(ip);
            rules = List.copyOf(rules);
        }
    }

    /** An elastic IP: 1:1 NAT onto {@code privateIp}, both directions held to {@code mbps}. */
    public record PublicAddress(String address, String privateIp, int mbps) {
        public PublicAddress {
            address = Ipv4.address(address);
            privateIp = Ipv4.address(privateIp);
        }
    }

    public Segment segment(String subnetId) {
        return segments.stream().filter(s -> s.subnetId().equals(subnetId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no subnet " + subnetId + " in " + vpcId));
    }
}
