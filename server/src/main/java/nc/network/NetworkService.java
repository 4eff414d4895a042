package nc.network;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What containers need of the network: their subnet and security groups, the address their
 * interface holds (A9–A11), and the release of both when the container goes.
 */
public final class NetworkService {
    private final Jdbi jdbi;
    private final SubnetRepository subnets = new SubnetRepository();
    private final SecurityGroupRepository groups = new SecurityGroupRepository();
    private final AddressRepository addresses = new AddressRepository();
    private final VpcRepository vpcs = new VpcRepository();
    private final List<ReleaseListener> releaseListeners = new CopyOnWriteArrayList<>();

    /** Also released with a container's interface, in the same transaction (its elastic IPs, for example). */
    @FunctionalInterface
    public interface ReleaseListener {
        void released(Handle h, String containerId);
    }

    public NetworkService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void onRelease(ReleaseListener listener) {
        releaseListeners.add(listener);
    }

    public Optional<Subnet> subnet(Handle h, String account, String region, String subnetId) {
        return subnets.find(h, account, region, subnetId);
    }

    public Optional<Subnet> subnetById(String subnetId) {
        return jdbi.withHandle(h -> subnets.findById(h, subnetId));
    }

    public Optional<Vpc> vpcById(String vpcId) {
        return jdbi.withHandle(h -> vpcs.findById(h, vpcId));
    }

    /** Every VPC there is, of every account. */
    public List<String> allVpcIds() {
        return jdbi.withHandle(vpcs::allIds);
    }

    /** The security group's VPC. */
    public Optional<String> vpcOfGroup(String groupId) {
        return jdbi.withHandle(h -> groups.vpcOf(h, groupId));
    }

    /** Every subnet of the VPC. */
    public List<Subnet> subnetsOfVpc(String vpcId) {
        return jdbi.withHandle(h -> subnets.ofVpc(h, vpcId));
    }

    public Optional<SecurityGroup> securityGroup(Handle h, String account, String region, String groupId) {
        return groups.find(h, account, region, groupId);
    }

    public List<SecurityGroup> securityGroups(Handle h, List<String> ids) {
        return groups.byIds(h, ids);
    }

    /** A group's rules, ingress first, each direction in creation order. */
    public List<SecurityGroupRule> rules(String groupId) {
        return jdbi.withHandle(h -> groups.rules(h, groupId));
    }

    /**
     * Holds an address of the subnet for a container: the requested one (which must be usable and
     * free), or the lowest free usable one (A11). Empty when the subnet is full.
     */
    public Optional<String> hold(Handle h, Subnet subnet, String requested, String containerId) {
        Cidr range = subnet.range();
        if (requested != null) {
            if (addresses.isHeld(h, subnet.subnetId(), requested)) {
                throw ServiceException.failedPrecondition("address " + requested + " of subnet " + subnet.subnetId() + " is already in use");
            }
            addresses.hold(h, subnet.subnetId(), requested, containerId);
            return Optional.of(requested);
        }
        Set<Long> held = new HashSet<>(addresses.held(h, subnet.subnetId()));
        for (long address = range.network() + 3; address < range.broadcast(); address++) {
            if (!held.contains(address)) {
                String ip = Cidr.format(address);
                addresses.hold(h, subnet.subnetId(), ip, containerId);
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    /** docs/api/nc.md rule 13 and A9: the requested address must be a usable address of the subnet. */
    public static void checkRequestedAddress(Subnet subnet, String ip, String field) {
        long address = Cidr.parseAddress(ip).orElseThrow(() -> ServiceException.invalid(field, "must be a dotted IPv4 address"));
        if (!subnet.range().contains(address)) {
            throw ServiceException.invalid(field, ip + " is not inside subnet " + subnet.subnetId() + " " + subnet.cidr());
        }
        if (!subnet.range().isUsable(address)) {
            throw ServiceException.invalid(field, ip + " is reserved (network, gateway, DHCP or broadcast address)");
        }
    }

    /** The container's interface goes: its address returns to the subnet, and the listeners release the rest. */
    public void release(Handle h, String containerId) {
        addresses.release(h, containerId);
        for (ReleaseListener listener : releaseListeners) {
            listener.released(h, containerId);
        }
    }
}
