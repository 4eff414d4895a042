package nc.network;

import java.util.List;

/** createSubnet's body (docs/api/vpc-disk.md §2.5). */
public record CreateSubnetRequest(String vpcId, String subnetName, String addressPrefix, String routeTableId,
        String description, Integer ipMaskLen, List<String> domainNames, List<String> domainNameServers, Boolean dryRun) {

    public static CreateSubnetRequest of(String vpcId, String name, String addressPrefix, String description) {
        return new CreateSubnetRequest(vpcId, name, addressPrefix, null, description, null, null, null, null);
    }
}
