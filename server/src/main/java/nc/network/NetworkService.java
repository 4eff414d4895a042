package nc.network;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** VPCs, subnets, security groups and the addresses containers hold in subnets. */
public final class NetworkService {
    private static final List<Cidr> PRIVATE_RANGES = List.of(
            Cidr.parse("10.0.0.0/8").orElseThrow(), Cidr.parse("172.16.0.0/12").orElseThrow(),
            Cidr.parse("192.168.0.0/16").orElseThrow());

    private final Jdbi jdbi;
    private final NetworkRepository repository = new NetworkRepository();
    private final Clock clock;

    public NetworkService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Vpc createVpc(String account, String region, String name, String cidr, String description) {
        if (cidr != null) {
            checkRange("addressPrefix", cidr);
        }
        Vpc vpc = new Vpc(Ids.resource("vpc-"), account, region, name, cidr, description == null ? "" : description, clock.instant());
        jdbi.useTransaction(h -> repository.insert(h, vpc));
        return vpc;
    }

    public Subnet createSubnet(String account, String region, String vpcId, String name, String cidr, String description) {
        Cidr range = checkRange("addressPrefix", cidr);
        return jdbi.inTransaction(h -> {
            Vpc vpc = repository.vpc(h, account, region, vpcId)
                    .orElseThrow(() -> ServiceException.notFound("vpc " + vpcId + " not found"));
            if (vpc.cidr() != null && !Cidr.parse(vpc.cidr()).orElseThrow().contains(range)) {
                throw ServiceException.invalid("addressPrefix", cidr + " is not inside the VPC's " + vpc.cidr());
            }
            for (Subnet other : repository.subnetsOfVpc(h, vpcId)) {
                if (other.range().overlaps(range)) {
                    throw ServiceException.invalid("addressPrefix", cidr + " overlaps subnet " + other.subnetId() + " " + other.cidr());
                }
            }
            Subnet subnet = new Subnet(Ids.resource("subnet-"), account, region, vpcId, name, cidr,
                    description == null ? "" : description, clock.instant());
            repository.insert(h, subnet);
            return subnet;
        });
    }

    /** A group with the given rules (direction, protocol, prefix, ports). */
    public SecurityGroup createSecurityGroup(String account, String region, String vpcId, String name, String description,
            List<SecurityGroupRule> rules) {
        return jdbi.inTransaction(h -> {
            repository.vpc(h, account, region, vpcId).orElseThrow(() -> ServiceException.notFound("vpc " + vpcId + " not found"));
            SecurityGroup group = new SecurityGroup(Ids.resource("sg-"), account, region, vpcId, name,
                    description == null ? "" : description, clock.instant());
            repository.insert(h, group);
            for (SecurityGroupRule r : rules) {
                repository.insert(h, new SecurityGroupRule(Ids.resource("sgr-"), group.securityGroupId(), r.direction(),
                        r.protocol(), r.addressPrefix(), r.fromPort(), r.toPort(), r.description(), r.priority(), clock.instant()));
            }
            return group;
        });
    }

    /** Rules that let in everything from the VPC's own range and let out everything. */
    public static List<SecurityGroupRule> openWithinVpc(String vpcCidr) {
        return List.of(
                new SecurityGroupRule(null, null, SecurityGroupRule.INGRESS, SecurityGroupRule.ALL_PROTOCOLS, vpcCidr, 0, 0,
                        "all traffic from the VPC", 100, null),
                new SecurityGroupRule(null, null, SecurityGroupRule.EGRESS, SecurityGroupRule.ALL_PROTOCOLS, "0.0.0.0/0", 0, 0,
                        "all outbound traffic", 100, null));
    }

    public Optional<Subnet> subnet(Handle h, String account, String region, String subnetId) {
        return repository.subnet(h, account, region, subnetId);
    }

    public Optional<Subnet> subnetById(String subnetId) {
        return jdbi.withHandle(h -> repository.subnetById(h, subnetId));
    }

    public Optional<SecurityGroup> securityGroup(Handle h, String account, String region, String groupId) {
        return repository.group(h, account, region, groupId);
    }

    public List<SecurityGroup> securityGroups(Handle h, List<String> ids) {
        return repository.groupsByIds(h, ids);
    }

    public List<SecurityGroupRule> rules(String groupId) {
        return jdbi.withHandle(h -> repository.rules(h, groupId));
    }

    public record Inventory(List<Vpc> vpcs, List<Subnet> subnets, List<SecurityGroup> securityGroups) {
    }

    public Inventory inventory(String account) {
        return jdbi.withHandle(h -> new Inventory(repository.vpcsOf(h, account), repository.subnetsOf(h, account),
                repository.groupsOf(h, account)));
    }

    /**
     * Holds an address of the subnet for a container: the requested one (which must be usable and
     * free), or the lowest free usable one. Empty when the subnet is full.
     */
    public Optional<String> hold(Handle h, Subnet subnet, String requested, String containerId) {
        Cidr range = subnet.range();
        if (requested != null) {
            if (repository.isHeld(h, subnet.subnetId(), requested)) {
                throw ServiceException.failedPrecondition("address " + requested + " of subnet " + subnet.subnetId() + " is already in use");
            }
            repository.hold(h, subnet.subnetId(), requested, containerId);
            return Optional.of(requested);
        }
        Set<Long> held = new HashSet<>(repository.heldAddresses(h, subnet.subnetId()));
        for (long address = range.network() + 3; address < range.broadcast(); address++) {
            if (!held.contains(address)) {
                String ip = Cidr.format(address);
                repository.hold(h, subnet.subnetId(), ip, containerId);
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    /** API.md rule 13 and A9: the requested address must be a usable address of the subnet. */
    public static void checkRequestedAddress(Subnet subnet, String ip, String field) {
        long address = Cidr.parseAddress(ip).orElseThrow(() -> ServiceException.invalid(field, "must be a dotted IPv4 address"));
        if (!subnet.range().contains(address)) {
            throw ServiceException.invalid(field, ip + " is not inside subnet " + subnet.subnetId() + " " + subnet.cidr());
        }
        if (!subnet.range().isUsable(address)) {
            throw ServiceException.invalid(field, ip + " is reserved (network, gateway, DHCP or broadcast address)");
        }
    }

    public void release(Handle h, String containerId) {
        repository.release(h, containerId);
    }

    private static Cidr checkRange(String field, String text) {
        Cidr cidr = Cidr.parse(text).orElseThrow(() -> ServiceException.invalid(field,
                "must be an IPv4 CIDR a.b.c.d/n whose address is the network address"));
        if (PRIVATE_RANGES.stream().noneMatch(p -> p.contains(cidr))) {
            throw ServiceException.invalid(field, "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
        if (cidr.prefix() < 16 || cidr.prefix() > 28) {
            throw ServiceException.invalid(field, "prefix length must be 16-28");
        }
        return cidr;
    }
}
