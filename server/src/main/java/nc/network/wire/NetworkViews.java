package nc.network.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.common.Times;
import nc.network.Cidr;
import nc.network.SecurityGroupDetails;
import nc.network.SecurityGroupRule;
import nc.network.Subnet;
import nc.network.SubnetDetails;
import nc.network.Vpc;
import nc.network.VpcDetails;

/** The Vpc, Subnet, NetworkSecurityGroup and SecurityGroupRule output types of docs/api/vpc-disk.md §2.2, member for member. */
public final class NetworkViews {
    private NetworkViews() {
    }

    public static Map<String, Object> vpc(VpcDetails d) {
        Vpc v = d.vpc();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vpcId", v.vpcId());
        out.put("vpcName", v.name());
        if (v.cidr() != null) {
            out.put("addressPrefix", v.cidr());
        }
        out.put("description", v.description());
        out.put("aclIds", List.of());
        out.put("routeTableIds", List.of(v.routeTableId()));
        out.put("subnets", d.subnets().stream().map(NetworkViews::subnet).toList());
        out.put("createdTime", Times.format(v.createdAt()));
        out.put("azType", "standard");
        out.put("az", "");
        out.put("enableMulticast", false);
        return out;
    }

    public static Map<String, Object> subnet(SubnetDetails d) {
        Subnet s = d.subnet();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subnetId", s.subnetId());
        out.put("subnetName", s.name());
        out.put("vpcId", s.vpcId());
        out.put("addressPrefix", s.cidr());
        out.put("availableIpCount", d.availableIpCount());
        out.put("ipMaskLen", s.ipMaskLen());
        out.put("description", s.description());
        out.put("routeTableId", s.routeTableId());
        out.put("startIp", Cidr.format(s.range().network()));
        out.put("endIp", Cidr.format(s.range().broadcast()));
        out.put("createdTime", Times.format(s.createdAt()));
        out.put("subnetType", "standard");
        out.put("domainNames", s.domainNames());
        out.put("domainNameServers", s.domainNameServers());
        return out;
    }

    public static Map<String, Object> securityGroup(SecurityGroupDetails d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("networkSecurityGroupId", d.group().securityGroupId());
        out.put("networkSecurityGroupName", d.group().name());
        out.put("description", d.group().description());
        out.put("vpcId", d.group().vpcId());
        out.put("securityGroupRules", d.rules().stream().map(NetworkViews::rule).toList());
        out.put("createdTime", Times.format(d.group().createdAt()));
        out.put("networkSecurityGroupType", "custom");
        out.put("networkInterfaceIds", d.networkInterfaceIds());
        return out;
    }

    public static Map<String, Object> rule(SecurityGroupRule r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ruleId", r.ruleId());
        out.put("direction", r.direction());
        out.put("protocol", r.protocol());
        out.put("addressPrefix", r.addressPrefix());
        out.put("ipVersion", 4);
        out.put("fromPort", r.fromPort());
        out.put("toPort", r.toPort());
        out.put("description", r.description());
        out.put("createdTime", Times.format(r.createdAt()));
        out.put("ruleAction", "allow");
        out.put("priority", r.priority());
        out.put("ruleType", "custom");
        return out;
    }
}
