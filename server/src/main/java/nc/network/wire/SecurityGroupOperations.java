package nc.network.wire;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Filters;
import nc.api.Filters.Arity;
import nc.api.Operation;
import nc.network.CreateSecurityGroupRequest;
import nc.network.SecurityGroupRuleChange;
import nc.network.SecurityGroupRuleSpec;
import nc.network.SecurityGroupService;

/** The security group operations on the wire (docs/api/vpc-disk.md §2.1); the three rule calls are POSTs. */
public final class SecurityGroupOperations {
    private static final String GROUPS = "/v1/regions/{regionId}/networkSecurityGroups";
    private static final String ONE = GROUPS + "/{networkSecurityGroupId}";
    private static final Map<String, Arity> FILTERS = Map.of("networkSecurityGroupIds", Arity.MANY,
            "networkSecurityGroupNames", Arity.MANY, "vpcId", Arity.ONE);
    private final SecurityGroupService groups;

    public SecurityGroupOperations(SecurityGroupService groups) {
        this.groups = groups;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("createNetworkSecurityGroup", services, "POST", GROUPS, this::create),
                Operation.signed("describeNetworkSecurityGroups", services, "GET", GROUPS, this::describeAll),
                Operation.signed("describeNetworkSecurityGroup", services, "GET", ONE, this::describe),
                Operation.signed("deleteNetworkSecurityGroup", services, "DELETE", ONE, this::delete),
                Operation.signed("addNetworkSecurityGroupRules", services, "POST", ONE + ":addNetworkSecurityGroupRules", this::add),
                Operation.signed("removeNetworkSecurityGroupRules", services, "POST", ONE + ":removeNetworkSecurityGroupRules",
                        this::remove),
                Operation.signed("modifyNetworkSecurityGroupRules", services, "POST", ONE + ":modifyNetworkSecurityGroupRules",
                        this::modify));
    }

    record AddRules(List<SecurityGroupRuleSpec> networkSecurityGroupRuleSpecs) {
    }

    record RemoveRules(List<String> ruleIds) {
    }

    record ModifyRules(List<SecurityGroupRuleChange> modifySecurityGroupRuleSpecs) {
    }

    private Object create(Call call) {
        var group = groups.create(call.accountId(), call.regionId(), call.body(CreateSecurityGroupRequest.class));
        return Map.of("networkSecurityGroupId", group.securityGroupId());
    }

    private Object describeAll(Call call) {
        var filters = Filters.parse(call.query(), FILTERS);
        return VpcListQuery.page(call.query(), "networkSecurityGroups", groups.list(call.accountId(), call.regionId(), filters),
                NetworkViews::securityGroup);
    }

    private Object describe(Call call) {
        return Map.of("networkSecurityGroup",
                NetworkViews.securityGroup(groups.describe(call.accountId(), call.regionId(), id(call))));
    }

    private Object delete(Call call) {
        groups.delete(call.accountId(), call.regionId(), id(call));
        return null;
    }

    /** The created rules in request order (vpc SDK ≥ 1.1.0 reads them; older ones ignore the result). */
    private Object add(Call call) {
        var created = groups.addRules(call.accountId(), call.regionId(), id(call),
                call.body(AddRules.class).networkSecurityGroupRuleSpecs());
        return Map.of("securityGroupRules", created.stream().map(NetworkViews::rule).toList());
    }

    private Object remove(Call call) {
        groups.removeRules(call.accountId(), call.regionId(), id(call), call.body(RemoveRules.class).ruleIds());
        return null;
    }

    private Object modify(Call call) {
        groups.modifyRules(call.accountId(), call.regionId(), id(call), call.body(ModifyRules.class).modifySecurityGroupRuleSpecs());
        return null;
    }

    private static String id(Call call) {
        return call.path("networkSecurityGroupId");
    }
}
