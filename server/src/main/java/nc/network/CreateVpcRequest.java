package nc.network;

/** createVpc's body (docs/api/vpc-disk.md §2.5); path copies and unknown members are ignored. */
public record CreateVpcRequest(String vpcName, String addressPrefix, String description, Boolean enableMulticast,
        String azType, String az, String resourceGroupId) {

    public static CreateVpcRequest of(String name, String addressPrefix, String description) {
        return new CreateVpcRequest(name, addressPrefix, description, null, null, null, null);
    }
}
