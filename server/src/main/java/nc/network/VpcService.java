package nc.network;

import nc.api.TagFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.api.Filter;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** createVpc, describeVpc(s), deleteVpc (docs/api/vpc-disk.md §2.5). Synchronous: on return the change is visible. */
public final class VpcService {
    private final Jdbi jdbi;
    private final NetworkQuotas quotas;
    private final Clock clock;
    private final VpcRepository vpcs = new VpcRepository();
    private final SubnetRepository subnets = new SubnetRepository();
    private final SecurityGroupRepository groups = new SecurityGroupRepository();
    private final AddressRepository addresses = new AddressRepository();

    public VpcService(Jdbi jdbi, NetworkQuotas quotas, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** Checks, quota (VPCs per region), then the VPC with its route table; no ACL, no security group. */
    public Vpc create(String account, String region, CreateVpcRequest request) {
        VpcRules.NewVpc spec = VpcRules.check(request);
        return jdbi.inTransaction(h -> {
            quotas.check(h, account, NetworkQuota.VPC, null, () -> vpcs.count(h, account, region), 1);
            Vpc vpc = new Vpc(Ids.resource("vpc-"), account, region, spec.name(),
                    spec.cidr() == null ? null : spec.cidr().toString(), spec.description(), clock.instant());
            vpcs.insert(h, vpc);
            return vpc;
        });
    }

    public VpcDetails describe(String account, String region, String vpcId) {
        return jdbi.withHandle(h -> details(h, List.of(require(h, account, region, vpcId))).get(0));
    }

    /** Filters vpcIds, vpcNames (exact, several values) and azType; VPCs carry no tags, so a tag filter matches none. */
    public List<VpcDetails> list(String account, String region, List<Filter> filters, List<TagFilter> tags) {
        return jdbi.withHandle(h -> {
            List<Vpc> matching = new ArrayList<>();
            for (Vpc v : vpcs.list(h, account, region)) {
                if (tags.isEmpty() && filters.stream().allMatch(f -> matches(f, v))) {
                    matching.add(v);
                }
            }
            return details(h, matching);
        });
    }

    private static boolean matches(Filter f, Vpc v) {
        return switch (f.name()) {
            case "vpcIds" -> FilterMatch.exact(f, v.vpcId());
            case "vpcNames" -> FilterMatch.exact(f, v.name());
            case "azType" -> FilterMatch.standardKind(f, "filters.azType");
            default -> throw new IllegalArgumentException("unexpected filter " + f.name());
        };
    }

    /** Refused while the VPC has subnets; otherwise the VPC, its route table and its security groups go. */
    public void delete(String account, String region, String vpcId) {
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            require(h, account, region, vpcId);
            int count = subnets.ofVpc(h, vpcId).size();
            if (count > 0) {
                throw ServiceException.failedPrecondition("vpc " + vpcId + " has " + count + (count == 1 ? " subnet" : " subnets")
                        + "; delete them first");
            }
            for (SecurityGroup g : groups.ofVpc(h, vpcId)) {
                groups.delete(h, g.securityGroupId());
            }
            vpcs.delete(h, vpcId);
        });
    }

    private Vpc require(Handle h, String account, String region, String vpcId) {
        return vpcs.find(h, account, region, vpcId).orElseThrow(() -> ServiceException.notFound("vpc " + vpcId + " not found"));
    }

    private List<VpcDetails> details(Handle h, List<Vpc> list) {
        List<VpcDetails> out = new ArrayList<>();
        for (Vpc v : list) {
            List<Subnet> ofVpc = subnets.ofVpc(h, v.vpcId());
            Map<String, Long> held = addresses.heldCounts(h, ofVpc.stream().map(Subnet::subnetId).toList());
            out.add(new VpcDetails(v, ofVpc.stream().map(s -> SubnetService.details(s, held)).toList()));
        }
        return out;
    }
}
