package nc.network;

import java.time.Instant;
import java.util.List;

/**
 * A range of a VPC; one engine network on the host. ipMaskLen, domainNames and domainNameServers
 * are stored and echoed without effect (docs/api/vpc-disk.md §2.5 createSubnet).
 */
public record Subnet(String subnetId, String accountId, String regionId, String vpcId, String name, String cidr,
        String description, int ipMaskLen, List<String> domainNames, List<String> domainNameServers, Instant createdAt) {

    public Subnet {
        domainNames = List.copyOf(domainNames);
        domainNameServers = List.copyOf(domainNameServers);
    }

    public Cidr range() {
        return Cidr.parse(cidr).orElseThrow();
    }

    /** Every subnet of a VPC references the VPC's one route table. */
    public String routeTableId() {
        return Vpc.routeTableOf(vpcId);
    }

    /** The engine network that carries this subnet. */
    public String engineNetworkName() {
        return "nc-" + subnetId;
    }
}
