package nc.network.wire;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.TagFilters;
import nc.api.Call;
import nc.api.Filters;
import nc.api.Filters.Arity;
import nc.api.Operation;
import nc.network.CreateSubnetRequest;
import nc.network.CreateVpcRequest;
import nc.network.SubnetService;
import nc.network.VpcService;

/**
 * createVpc, describeVpc(s), deleteVpc, createSubnet, describeSubnet(s), deleteSubnet on the wire
 * (docs/api/vpc-disk.md §2.1). The SDKs send and sign the collections with a trailing slash
 * ({@code …/vpcs/}); the router takes one trailing slash on every route and the signature is
 * checked over the path as received.
 */
public final class VpcOperations {
    private static final String VPCS = "/v1/regions/{regionId}/vpcs";
    private static final String SUBNETS = "/v1/regions/{regionId}/subnets";
    private static final Map<String, Arity> VPC_FILTERS = Map.of("vpcIds", Arity.MANY, "vpcNames", Arity.MANY, "azType", Arity.ONE);
    private static final Map<String, Arity> SUBNET_FILTERS = Map.of("subnetIds", Arity.MANY, "subnetNames", Arity.MANY,
            "vpcId", Arity.ONE, "routeTableId", Arity.ONE, "aclId", Arity.ONE, "subnetType", Arity.ONE, "azType", Arity.ONE);
    private final VpcService vpcs;
    private final SubnetService subnets;

    public VpcOperations(VpcService vpcs, SubnetService subnets) {
        this.vpcs = vpcs;
        this.subnets = subnets;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("createVpc", services, "POST", VPCS, this::createVpc),
                Operation.signed("describeVpcs", services, "GET", VPCS, this::describeVpcs),
                Operation.signed("describeVpc", services, "GET", VPCS + "/{vpcId}", this::describeVpc),
                Operation.signed("deleteVpc", services, "DELETE", VPCS + "/{vpcId}", this::deleteVpc),
                Operation.signed("createSubnet", services, "POST", SUBNETS, this::createSubnet),
                Operation.signed("describeSubnets", services, "GET", SUBNETS, this::describeSubnets),
                Operation.signed("describeSubnet", services, "GET", SUBNETS + "/{subnetId}", this::describeSubnet),
                Operation.signed("deleteSubnet", services, "DELETE", SUBNETS + "/{subnetId}", this::deleteSubnet));
    }

    private Object createVpc(Call call) {
        return Map.of("vpcId", vpcs.create(call.accountId(), call.regionId(), call.body(CreateVpcRequest.class)).vpcId());
    }

    private Object describeVpcs(Call call) {
        var filters = Filters.parse(call.query(), VPC_FILTERS);
        var tags = TagFilters.parse(call.query());
        VpcListQuery.noResourceGroups(call.query());
        return VpcListQuery.page(call.query(), "vpcs", vpcs.list(call.accountId(), call.regionId(), filters, tags),
                NetworkViews::vpc);
    }

    private Object describeVpc(Call call) {
        return Map.of("vpc", NetworkViews.vpc(vpcs.describe(call.accountId(), call.regionId(), call.path("vpcId"))));
    }

    private Object deleteVpc(Call call) {
        vpcs.delete(call.accountId(), call.regionId(), call.path("vpcId"));
        return null;
    }

    /** dryRun: every check, nothing created, no result member. */
    private Object createSubnet(Call call) {
        return subnets.create(call.accountId(), call.regionId(), call.body(CreateSubnetRequest.class))
                .map(s -> Map.of("subnetId", s.subnetId())).orElse(null);
    }

    private Object describeSubnets(Call call) {
        var filters = Filters.parse(call.query(), SUBNET_FILTERS);
        return VpcListQuery.page(call.query(), "subnets", subnets.list(call.accountId(), call.regionId(), filters),
                NetworkViews::subnet);
    }

    private Object describeSubnet(Call call) {
        return Map.of("subnet", NetworkViews.subnet(subnets.describe(call.accountId(), call.regionId(), call.path("subnetId"))));
    }

    private Object deleteSubnet(Call call) {
        subnets.delete(call.accountId(), call.regionId(), call.path("subnetId"));
        return null;
    }
}
