package nc.network;

import java.util.List;

/** The network a first start creates for the default account, so a container can be created at once. */
public record DefaultNetwork(String region, String az, String vpcId, String subnetId, String securityGroupId) {
    public static final String VPC_CIDR = "10.240.0.0/16";
    public static final String SUBNET_CIDR = "10.240.0.0/24";
    private static final String WHY = "created by nc on first start";

    /** A VPC, a subnet and a group that lets in everything from the VPC and lets out everything. */
    public static DefaultNetwork create(VpcService vpcs, SubnetService subnets, SecurityGroupService groups, String account,
            String region) {
        Vpc vpc = vpcs.create(account, region, CreateVpcRequest.of("default", VPC_CIDR, WHY));
        Subnet subnet = subnets.create(account, region, CreateSubnetRequest.of(vpc.vpcId(), "default", SUBNET_CIDR, WHY)).orElseThrow();
        SecurityGroup group = groups.create(account, region, CreateSecurityGroupRequest.of(vpc.vpcId(), "default",
                "lets in everything from the VPC, lets out everything"));
        groups.addRules(account, region, group.securityGroupId(), openWithinVpc(VPC_CIDR));
        return new DefaultNetwork(region, region + "a", vpc.vpcId(), subnet.subnetId(), group.securityGroupId());
    }

    /** Rules that let in everything from the VPC's own range and let out everything. */
    public static List<SecurityGroupRuleSpec> openWithinVpc(String vpcCidr) {
        return List.of(
                SecurityGroupRuleSpec.of(SecurityGroupRule.INGRESS, SecurityGroupRule.ALL_PROTOCOLS, vpcCidr, null, null,
                        "all traffic from the VPC"),
                SecurityGroupRuleSpec.of(SecurityGroupRule.EGRESS, SecurityGroupRule.ALL_PROTOCOLS, "0.0.0.0/0", null, null,
                        "all outbound traffic"));
    }

    public String json() {
        return "{\"region\": \"" + region + "\", \"az\": \"" + az + "\", \"vpcId\": \"" + vpcId + "\", \"subnetId\": \""
                + subnetId + "\", \"securityGroupId\": \"" + securityGroupId + "\"}\n";
    }
}
