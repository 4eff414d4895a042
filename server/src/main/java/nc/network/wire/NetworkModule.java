package nc.network.wire;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nc.account.AccountRepository;
import nc.api.Operation;
import nc.network.NetworkQuotas;
import nc.network.NetworkService;
import nc.network.SecurityGroupService;
import nc.network.SubnetService;
import nc.network.VpcService;
import nc.network.eip.ElasticIpBinder;
import nc.network.eip.ElasticIpPools;
import nc.network.eip.ElasticIpService;
import nc.quota.AccountQuotas;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything the vpc service is made of, wired once: VPCs, subnets, security groups, elastic IPs
 * and their pools, the quotas of docs/api/vpc-disk.md §5, and the container-facing {@link NetworkService}
 * whose release of an interface also releases the container's elastic IPs.
 */
public final class NetworkModule {
    private final NetworkService network;
    private final VpcService vpcs;
    private final SubnetService subnets;
    private final SecurityGroupService groups;
    private final ElasticIpPools pools;
    private final ElasticIpService elasticIps;

    /**
     * @param elasticIpPool NC_EIP_POOL (see {@link ElasticIpPools}); a malformed one fails here
     * @param binder        the host side of elastic IPs ({@link ElasticIpBinder#NONE}: data only)
     */
    public NetworkModule(Jdbi jdbi, AccountRepository accounts, AccountQuotas accountQuotas, List<String> regions,
            String elasticIpPool, ElasticIpBinder binder, Clock clock) {
        NetworkQuotas quotas = new NetworkQuotas(accountQuotas, accounts);
        this.network = new NetworkService(jdbi);
        this.vpcs = new VpcService(jdbi, quotas, clock);
        this.subnets = new SubnetService(jdbi, quotas, clock);
        this.groups = new SecurityGroupService(jdbi, quotas, clock);
        this.pools = new ElasticIpPools(jdbi, elasticIpPool, regions);
        this.elasticIps = new ElasticIpService(jdbi, quotas, pools, binder, clock);
        network.onRelease(elasticIps::releaseContainer);
    }

    /** The 19 operations of the vpc API (docs/api/vpc-disk.md §2.1). */
    public List<Operation> operations(Set<String> services) {
        List<Operation> all = new ArrayList<>(new VpcOperations(vpcs, subnets).operations(services));
        all.addAll(new SecurityGroupOperations(groups).operations(services));
        all.addAll(new ElasticIpOperations(elasticIps).operations(services));
        return all;
    }

    /** At start: the host gets every recorded elastic IP binding again. */
    public void begin() {
        elasticIps.rebindAll();
    }

    public NetworkService network() {
        return network;
    }

    public VpcService vpcs() {
        return vpcs;
    }

    public SubnetService subnets() {
        return subnets;
    }

    public SecurityGroupService groups() {
        return groups;
    }

    public ElasticIpPools pools() {
        return pools;
    }

    public ElasticIpService elasticIps() {
        return elasticIps;
    }
}
