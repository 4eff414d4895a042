package nc.network;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nc.api.Filter;
import nc.common.Ids;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import org.jdbi.v3.core.Jdbi;

/** createSubnet, describeSubnet(s), deleteSubnet (docs/api/vpc-disk.md §2.5) with the address rules of §2.3. */
public final class SubnetService {
    private final Jdbi jdbi;
    private final NetworkQuotas quotas;
    private final Clock clock;
    private final VpcRepository vpcs = new VpcRepository();
    private final SubnetRepository subnets = new SubnetRepository();
    private final AddressRepository addresses = new AddressRepository();
    private final InterfaceRepository interfaces = new InterfaceRepository();

    public SubnetService(Jdbi jdbi, NetworkQuotas quotas, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * Body → VPC and route table exist (404) → A5 inside the VPC, A6 no overlap (400) → subnets per
     * VPC (429) → the subnet; with dryRun every check runs and nothing is created (empty result).
     */
    public Optional<Subnet> create(String account, String region, CreateSubnetRequest request) {
        VpcRules.NewSubnet spec = VpcRules.check(request);
        return jdbi.inTransaction(h -> {
            quotas.lock(h, account);
            Vpc vpc = vpcs.find(h, account, region, spec.vpcId())
                    .orElseThrow(() -> ServiceException.notFound("vpc " + spec.vpcId() + " not found"));
            if (spec.routeTableId() != null && !spec.routeTableId().isEmpty() && !spec.routeTableId().equals(vpc.routeTableId())) {
                throw ServiceException.notFound("route table " + spec.routeTableId() + " not found in vpc " + vpc.vpcId());
            }
            if (vpc.cidr() != null && !Cidr.parse(vpc.cidr()).orElseThrow().contains(spec.cidr())) {
                throw new ServiceException(ErrorStatus.INVALID_ARGUMENT, "addressPrefix " + spec.cidr()
                        + " is not inside the range " + vpc.cidr() + " of vpc " + vpc.vpcId(), "addressPrefix");
            }
            List<Subnet> siblings = subnets.ofVpc(h, vpc.vpcId());
            for (Subnet other : siblings) {
                if (other.range().overlaps(spec.cidr())) {
                    throw new ServiceException(ErrorStatus.INVALID_ARGUMENT, "addressPrefix " + spec.cidr() + " overlaps subnet "
                            + other.subnetId() + " (" + other.cidr() + ")", "addressPrefix");
                }
            }
            quotas.check(h, account, NetworkQuota.SUBNET_PER_VPC, "vpc " + vpc.vpcId(), siblings::size, 1);
            if (spec.dryRun()) {
                return Optional.<Subnet>empty();
            }
            Subnet subnet = new Subnet(Ids.resource("subnet-"), account, region, vpc.vpcId(), spec.name(), spec.cidr().toString(),
                    spec.description(), spec.ipMaskLen(), spec.domainNames(), spec.domainNameServers(), clock.instant());
            subnets.insert(h, subnet);
            return Optional.of(subnet);
        });
    }

    public SubnetDetails describe(String account, String region, String subnetId) {
        return jdbi.withHandle(h -> {
            Subnet s = subnets.find(h, account, region, subnetId)
                    .orElseThrow(() -> ServiceException.notFound("subnet " + subnetId + " not found"));
            return details(s, addresses.heldCounts(h, List.of(subnetId)));
        });
    }

    /** Filters subnetIds, subnetNames, vpcId, routeTableId, aclId (no ACLs: nothing), subnetType, azType. */
    public List<SubnetDetails> list(String account, String region, List<Filter> filters) {
        return jdbi.withHandle(h -> {
            List<Subnet> matching = new ArrayList<>();
            for (Subnet s : subnets.list(h, account, region)) {
                if (filters.stream().allMatch(f -> matches(f, s))) {
                    matching.add(s);
                }
            }
            Map<String, Long> held = addresses.heldCounts(h, matching.stream().map(Subnet::subnetId).toList());
            return matching.stream().map(s -> details(s, held)).toList();
        });
    }

    private static boolean matches(Filter f, Subnet s) {
        return switch (f.name()) {
            case "subnetIds" -> FilterMatch.exact(f, s.subnetId());
            case "subnetNames" -> FilterMatch.exact(f, s.name());
            case "vpcId" -> FilterMatch.exact(f, s.vpcId());
            case "routeTableId" -> FilterMatch.exact(f, s.routeTableId());
            case "aclId" -> false;
            case "subnetType" -> FilterMatch.standardKind(f, "filters.subnetType");
            case "azType" -> FilterMatch.standardKind(f, "filters.azType");
            default -> throw new IllegalArgumentException("unexpected filter " + f.name());
        };
    }

    /** Refused while any container interface (any status) is in the subnet. */
    public void delete(String account, String region, String subnetId) {
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            subnets.find(h, account, region, subnetId).orElseThrow(() -> ServiceException.notFound("subnet " + subnetId + " not found"));
            long used = interfaces.countInSubnet(h, subnetId);
            if (used > 0) {
                throw ServiceException.failedPrecondition("subnet " + subnetId + " has " + used
                        + (used == 1 ? " network interface" : " network interfaces") + "; delete the containers first");
            }
            subnets.delete(h, subnetId);
        });
    }

    /** A10: every address of the range but the four reserved ones (A9) and those held by interfaces. */
    static SubnetDetails details(Subnet s, Map<String, Long> held) {
        return new SubnetDetails(s, s.range().usableCount() - held.getOrDefault(s.subnetId(), 0L));
    }
}
