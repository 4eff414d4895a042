package nc.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nc.account.AccountService;
import nc.api.Call;
import nc.api.Operation;
import nc.error.ServiceException;
import nc.network.CreateSecurityGroupRequest;
import nc.network.CreateSubnetRequest;
import nc.network.CreateVpcRequest;
import nc.network.DefaultNetwork;
import nc.network.SecurityGroup;
import nc.network.SecurityGroupRuleSpec;
import nc.network.SecurityGroupService;
import nc.network.SubnetService;
import nc.network.Vpc;
import nc.network.VpcService;
import nc.network.eip.ElasticIp;
import nc.network.eip.ElasticIpPools;
import nc.network.eip.ElasticIpService;
import nc.network.wire.NetworkViews;

/**
 * The operator's network calls: networks for an account (the same services and rules as the vpc
 * API, quotas included), the elastic IP pools, and the billing state of an elastic IP.
 */
public final class NetworkAdminOperations {
    private static final String ACCOUNT = "/admin/accounts/{accountId}";
    private final AccountService accounts;
    private final VpcService vpcs;
    private final SubnetService subnets;
    private final SecurityGroupService groups;
    private final ElasticIpService elasticIps;
    private final ElasticIpPools pools;
    private final List<String> regions;

    public NetworkAdminOperations(AccountService accounts, VpcService vpcs, SubnetService subnets, SecurityGroupService groups,
            ElasticIpService elasticIps, ElasticIpPools pools, List<String> regions) {
        this.accounts = accounts;
        this.vpcs = vpcs;
        this.subnets = subnets;
        this.groups = groups;
        this.elasticIps = elasticIps;
        this.pools = pools;
        this.regions = List.copyOf(regions);
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("createVpc", "POST", ACCOUNT + "/vpcs", this::createVpc),
                Operation.operator("createSubnet", "POST", ACCOUNT + "/subnets", this::createSubnet),
                Operation.operator("createSecurityGroup", "POST", ACCOUNT + "/securityGroups", this::createGroup),
                Operation.operator("describeNetworks", "GET", ACCOUNT + "/networks", this::networks),
                Operation.operator("describeElasticIpPools", "GET", "/admin/elasticIpPools", this::pools),
                Operation.operator("putElasticIpPool", "PUT", "/admin/elasticIpPools/{regionId}", this::putPool),
                Operation.operator("resetElasticIpPool", "DELETE", "/admin/elasticIpPools/{regionId}", this::resetPool),
                Operation.operator("modifyElasticIpCharge", "PATCH", "/admin/elasticIps/{elasticIpId}", this::charge));
    }

    record CreateVpc(String regionId, String name, String cidr, String description) {
    }

    record CreateSubnet(String regionId, String vpcId, String name, String cidr, String description) {
    }

    record CreateGroup(String regionId, String vpcId, String name, String description, List<SecurityGroupRuleSpec> rules) {
    }

    record Pool(List<String> ranges) {
    }


    private Object createVpc(Call call) {
        String account = account(call);
        CreateVpc body = call.body(CreateVpc.class);
        String region = region(body.regionId());
        Vpc vpc = named(() -> vpcs.create(account, region, CreateVpcRequest.of(body.name(), body.cidr(), body.description())),
                Map.of("vpcName", "name", "addressPrefix", "cidr"));
        return Map.of("vpc", NetworkViews.vpc(vpcs.describe(account, region, vpc.vpcId())));
    }

    private Object createSubnet(Call call) {
        String account = account(call);
        CreateSubnet body = call.body(CreateSubnet.class);
        String region = region(body.regionId());
        String id = named(() -> subnets.create(account, region, CreateSubnetRequest.of(body.vpcId(), body.name(), body.cidr(),
                body.description())), Map.of("subnetName", "name", "addressPrefix", "cidr")).orElseThrow().subnetId();
        return Map.of("subnet", NetworkViews.subnet(subnets.describe(account, region, id)));
    }

    /** Without "rules": everything in from the VPC's range (any address for a VPC without one), everything out. */
    private Object createGroup(Call call) {
        String account = account(call);
        CreateGroup body = call.body(CreateGroup.class);
        String region = region(body.regionId());
        List<SecurityGroupRuleSpec> rules = body.rules();
        if (rules == null && body.vpcId() != null) {
            String cidr = vpcs.describe(account, region, body.vpcId()).vpc().cidr();
            rules = DefaultNetwork.openWithinVpc(cidr != null ? cidr : "0.0.0.0/0");
        }
        SecurityGroup group = named(() -> groups.create(account, region, CreateSecurityGroupRequest.of(body.vpcId(), body.name(),
                body.description())), Map.of("networkSecurityGroupName", "name"));
        if (!rules.isEmpty()) {
            List<SecurityGroupRuleSpec> wanted = rules;
            try {
                named(() -> groups.addRules(account, region, group.securityGroupId(), wanted), Map.of());
            } catch (ServiceException e) {
                groups.delete(account, region, group.securityGroupId());
                throw e;
            }
        }
        return Map.of("securityGroup", NetworkViews.securityGroup(groups.describe(account, region, group.securityGroupId())));
    }

    /** Every region's VPCs, subnets and groups of the account. */
    private Object networks(Call call) {
        String account = account(call);
        List<Object> vpcList = new ArrayList<>();
        List<Object> subnetList = new ArrayList<>();
        List<Object> groupList = new ArrayList<>();
        for (String region : regions) {
            vpcs.list(account, region, List.of(), List.of()).forEach(v -> vpcList.add(NetworkViews.vpc(v)));
            subnets.list(account, region, List.of()).forEach(s -> subnetList.add(NetworkViews.subnet(s)));
            groups.list(account, region, List.of()).forEach(g -> groupList.add(NetworkViews.securityGroup(g)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vpcs", vpcList);
        out.put("subnets", subnetList);
        out.put("securityGroups", groupList);
        return out;
    }

    private Object pools(Call call) {
        return Map.of("elasticIpPools", pools.describe());
    }

    /** Replaces the region's pool; elastic IPs allocated outside the new ranges keep their addresses. */
    private Object putPool(Call call) {
        String region = call.path("regionId");
        if (!pools.serves(region)) {
            throw ServiceException.notFound("region " + region + " is not served");
        }
        pools.set(region, call.body(Pool.class).ranges());
        return Map.of("elasticIpPool", pools.describe().stream().filter(p -> p.regionId().equals(region)).findFirst().orElseThrow());
    }

    private Object resetPool(Call call) {
        String region = call.path("regionId");
        if (!pools.serves(region)) {
            throw ServiceException.notFound("region " + region + " is not served");
        }
        pools.reset(region);
        return Map.of("elasticIpPool", pools.describe().stream().filter(p -> p.regionId().equals(region)).findFirst().orElseThrow());
    }

    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = body.expiry();
        ElasticIp e = elasticIps.setCharge(call.path("elasticIpId"), body.chargeStatus(), expiry, expiry != null);
        return ChargeChange.answer("elasticIpId", e.elasticIpId(), e.charge().chargeMode(), e.charge().chargeStatus(),
                e.charge().chargeExpiredTime());
    }

    /**
     * Runs the vpc API's operation; a refusal that names one of its members names the operator
     * body's member instead ({@code vpcName} → {@code name}; rules entries → {@code rules[i]}).
     */
    private static <T> T named(Supplier<T> operation, Map<String, String> members) {
        try {
            return operation.get();
        } catch (ServiceException e) {
            String field = e.field();
            if (field == null) {
                throw e;
            }
            String renamed = members.getOrDefault(field, field.replace("networkSecurityGroupRuleSpecs", "rules"));
            throw new ServiceException(e.status(), e.getMessage().replace(field, renamed), renamed);
        }
    }

    private String account(Call call) {
        return accounts.require(call.path("accountId")).accountId();
    }

    private String region(String regionId) {
        String region = regionId == null ? regions.get(0) : regionId;
        if (!regions.contains(region)) {
            throw ServiceException.invalid("regionId", "unknown region " + region);
        }
        return region;
    }
}
