package nc.network;

/** createNetworkSecurityGroup's body (docs/api/vpc-disk.md §2.5). */
public record CreateSecurityGroupRequest(String vpcId, String networkSecurityGroupName, String description,
        String resourceGroupId) {

    public static CreateSecurityGroupRequest of(String vpcId, String name, String description) {
        return new CreateSecurityGroupRequest(vpcId, name, description, null);
    }
}
