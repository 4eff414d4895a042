package nc.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.account.AccountService;
import nc.api.Call;
import nc.api.Operation;
import nc.common.Times;
import nc.config.Config;
import nc.container.Container;
import nc.container.ContainerService;
import nc.container.InstanceType;
import nc.container.InstanceTypes;
import nc.container.spec.ContainerSpecValidator;
import nc.error.ServiceException;
import nc.network.NetworkService;
import nc.network.SecurityGroup;
import nc.network.SecurityGroupRule;
import nc.network.Subnet;
import nc.network.Vpc;

/** Operator calls for the resources containers live in: networks, instance types, billing state. */
public final class ResourceAdminOperations {
    private static final String ACCOUNT = "/admin/accounts/{accountId}";
    private final AccountService accounts;
    private final NetworkService network;
    private final ContainerService containers;
    private final InstanceTypes instanceTypes;
    private final List<String> regions;

    public ResourceAdminOperations(AccountService accounts, NetworkService network, ContainerService containers,
            InstanceTypes instanceTypes, Config config) {
        this.accounts = accounts;
        this.network = network;
        this.containers = containers;
        this.instanceTypes = instanceTypes;
        this.regions = config.regions();
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("createVpc", "POST", ACCOUNT + "/vpcs", this::createVpc),
                Operation.operator("createSubnet", "POST", ACCOUNT + "/subnets", this::createSubnet),
                Operation.operator("createSecurityGroup", "POST", ACCOUNT + "/securityGroups", this::createGroup),
                Operation.operator("describeNetworks", "GET", ACCOUNT + "/networks", this::networks),
                Operation.operator("modifyContainerCharge", "PATCH", "/admin/containers/{containerId}", this::charge),
                Operation.operator("describeInstanceTypes", "GET", "/admin/instanceTypes", this::instanceTypes),
                Operation.operator("putInstanceType", "PUT", "/admin/instanceTypes/{instanceType}", this::putInstanceType));
    }

    record CreateVpc(String regionId, String name, String cidr, String description) {
    }

    record CreateSubnet(String regionId, String vpcId, String name, String cidr, String description) {
    }

    record Rule(Integer direction, Integer protocol, String addressPrefix, Integer fromPort, Integer toPort, String description) {
    }

    record CreateGroup(String regionId, String vpcId, String name, String description, List<Rule> rules) {
    }

    record ChargeChange(String chargeStatus, String chargeExpiredTime) {
    }

    record InstanceTypeBody(Integer cpu, Integer memoryGb) {
    }

    private Object createVpc(Call call) {
        String account = accounts.require(call.path("accountId")).accountId();
        CreateVpc body = call.body(CreateVpc.class);
        ContainerSpecValidator.checkName("name", body.name());
        Vpc vpc = network.createVpc(account, region(body.regionId()), body.name(), body.cidr(), body.description());
        return Map.of("vpc", vpc(vpc));
    }

    private Object createSubnet(Call call) {
        String account = accounts.require(call.path("accountId")).accountId();
        CreateSubnet body = call.body(CreateSubnet.class);
        ContainerSpecValidator.checkName("name", body.name());
        required("vpcId", body.vpcId());
        Subnet subnet = network.createSubnet(account, region(body.regionId()), body.vpcId(), body.name(), body.cidr(), body.description());
        return Map.of("subnet", subnet(subnet));
    }

    private Object createGroup(Call call) {
        String account = accounts.require(call.path("accountId")).accountId();
        CreateGroup body = call.body(CreateGroup.class);
        ContainerSpecValidator.checkName("name", body.name());
        required("vpcId", body.vpcId());
        String region = region(body.regionId());
        List<SecurityGroupRule> rules = new ArrayList<>();
        if (body.rules() == null) {
            Vpc vpc = network.inventory(account).vpcs().stream().filter(v -> v.vpcId().equals(body.vpcId())).findFirst()
                    .orElseThrow(() -> ServiceException.notFound("vpc " + body.vpcId() + " not found"));
            rules.addAll(NetworkService.openWithinVpc(vpc.cidr() != null ? vpc.cidr() : "0.0.0.0/0"));
        } else {
            for (Rule r : body.rules()) {
                rules.add(new SecurityGroupRule(null, null, r.direction() == null ? 0 : r.direction(),
                        r.protocol() == null ? SecurityGroupRule.ALL_PROTOCOLS : r.protocol(), r.addressPrefix(),
                        r.fromPort() == null ? 0 : r.fromPort(), r.toPort() == null ? 0 : r.toPort(),
                        r.description() == null ? "" : r.description(), 100, null));
            }
        }
        SecurityGroup group = network.createSecurityGroup(account, region, body.vpcId(), body.name(), body.description(), rules);
        return Map.of("securityGroup", group(group));
    }

    private Object networks(Call call) {
        String account = accounts.require(call.path("accountId")).accountId();
        NetworkService.Inventory inventory = network.inventory(account);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vpcs", inventory.vpcs().stream().map(ResourceAdminOperations::vpc).toList());
        out.put("subnets", inventory.subnets().stream().map(ResourceAdminOperations::subnet).toList());
        out.put("securityGroups", inventory.securityGroups().stream().map(this::group).toList());
        return out;
    }

    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = null;
        boolean setExpiry = false;
        if (body.chargeExpiredTime() != null) {
            try {
                expiry = Instant.parse(body.chargeExpiredTime());
                setExpiry = true;
            } catch (DateTimeParseException e) {
                throw ServiceException.invalid("chargeExpiredTime", "an ISO 8601 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
        Container c = containers.setCharge(call.path("containerId"), body.chargeStatus(), expiry, setExpiry);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("chargeMode", c.charge().chargeMode());
        charge.put("chargeStatus", c.charge().chargeStatus());
        charge.put("chargeExpiredTime", Times.format(c.charge().chargeExpiredTime()));
        return Map.of("containerId", c.containerId(), "charge", charge);
    }

    private Object instanceTypes(Call call) {
        return Map.of("instanceTypes", instanceTypes.all());
    }

    private Object putInstanceType(Call call) {
        InstanceTypeBody body = call.body(InstanceTypeBody.class);
        required("cpu", body.cpu());
        required("memoryGb", body.memoryGb());
        return Map.of("instanceType", instanceTypes.put(new InstanceType(call.path("instanceType"), body.cpu(), body.memoryGb())));
    }

    private String region(String regionId) {
        String region = regionId == null ? regions.get(0) : regionId;
        if (!regions.contains(region)) {
            throw ServiceException.invalid("regionId", "unknown region " + region);
        }
        return region;
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw ServiceException.invalid(field, "required");
        }
    }

    private static Map<String, Object> vpc(Vpc v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vpcId", v.vpcId());
        out.put("regionId", v.regionId());
        out.put("vpcName", v.name());
        if (v.cidr() != null) {
            out.put("addressPrefix", v.cidr());
        }
        out.put("description", v.description());
        out.put("createdTime", Times.format(v.createdAt()));
        return out;
    }

    private static Map<String, Object> subnet(Subnet s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subnetId", s.subnetId());
        out.put("regionId", s.regionId());
        out.put("vpcId", s.vpcId());
        out.put("subnetName", s.name());
        out.put("addressPrefix", s.cidr());
        out.put("description", s.description());
        out.put("createdTime", Times.format(s.createdAt()));
        return out;
    }

    private Map<String, Object> group(SecurityGroup g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("networkSecurityGroupId", g.securityGroupId());
        out.put("regionId", g.regionId());
        out.put("vpcId", g.vpcId());
        out.put("networkSecurityGroupName", g.name());
        out.put("description", g.description());
        out.put("securityGroupRules", network.rules(g.securityGroupId()).stream().map(r -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("ruleId", r.ruleId());
            rule.put("direction", r.direction());
            rule.put("protocol", r.protocol());
            rule.put("addressPrefix", r.addressPrefix());
            rule.put("fromPort", r.fromPort());
            rule.put("toPort", r.toPort());
            rule.put("description", r.description());
            return rule;
        }).toList());
        out.put("createdTime", Times.format(g.createdAt()));
        return out;
    }
}
