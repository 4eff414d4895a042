package nc.tenantnet.kernel;

import java.util.Objects;
import nc.tenantnet.Ipv4;

/**
 * How this host joins the VPCs that span several hosts. Each VPC's routers (one per host) share a
 * VXLAN segment, {@code f0} in each router with address {@code 169.254.64.<hostIndex>}; traffic
 * to a container on another host is routed there, so both routers see both directions of every
 * flow (stateful filtering stays exact). The segment is a bridge plus a VXLAN device (VNI from the
 * VPC id, {@code nolearning}) in the host's namespace, where the host's EVPN speaker (FRR's zebra
 * and bgpd with {@code advertise-all-vni}) finds it: BGP EVPN builds the flood lists and installs
 * the remote routers' MACs; nc writes no forwarding entry itself.
 *
 * @param hostIndex     this host's number among the hosts (1–254): its routers' address on every segment
 * @param vtep          this host's tunnel endpoint address
 * @param hostNamespace the network namespace that plays the host (tests run several "hosts" on one
 *                      machine); null for the machine's own
 */
public record Fabric(int hostIndex, String vtep, String hostNamespace) {
    static final String ROUTER_LINK = "f0";

    public Fabric {
        if (hostIndex < 1 || hostIndex > 254) {
            throw new IllegalArgumentException("hostIndex must be 1-254: " + hostIndex);
        }
        vtep = Ipv4.address(Objects.requireNonNull(vtep, "vtep"));
    }

    /** The address of host {@code index}'s router on a VPC's segment. */
    static String routerAddress(int index) {
        return "169.254.64." + index;
    }

    /** The VPC's VXLAN network identifier: the same on every host. */
    static int vni(String vpcId) {
        return 1 + Integer.parseInt(Names.hash(vpcId, 6), 16) % 16_000_000;
    }
}
