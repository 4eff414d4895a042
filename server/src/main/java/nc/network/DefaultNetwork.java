package nc.network;

/** The network a first start creates for the default account, so a container can be created at once. */
public record DefaultNetwork(String region, String az, String vpcId, String subnetId, String securityGroupId) {
    public static final String VPC_CIDR = "10.240.0.0/16";
    public static final String SUBNET_CIDR = "10.240.0.0/24";

    public static DefaultNetwork create(NetworkService network, String account, String region) {
        Vpc vpc = network.createVpc(account, region, "default", VPC_CIDR, "created by nc on first start");
        Subnet subnet = network.createSubnet(account, region, vpc.vpcId(), "default", SUBNET_CIDR, "created by nc on first start");
        SecurityGroup group = network.createSecurityGroup(account, region, vpc.vpcId(), "default",
                "lets in everything from the VPC, lets out everything", NetworkService.openWithinVpc(VPC_CIDR));
        return new DefaultNetwork(region, region + "a", vpc.vpcId(), subnet.subnetId(), group.securityGroupId());
    }

    public String json() {
        return "{\"region\": \"" + region + "\", \"az\": \"" + az + "\", \"vpcId\": \"" + vpcId + "\", \"subnetId\": \""
                + subnetId + "\", \"securityGroupId\": \"" + securityGroupId + "\"}\n";
    }
}
