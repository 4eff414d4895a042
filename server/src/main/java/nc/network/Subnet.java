package nc.network;

import java.time.Instant;

/** A range of a VPC; one engine network on the host. */
public record Subnet(String subnetId, String accountId, String regionId, String vpcId, String name, String cidr,
        String description, Instant createdAt) {

    public Cidr range() {
        return Cidr.parse(cidr).orElseThrow();
    }

    /** The engine network that carries this subnet. */
    public String engineNetworkName() {
        return "nc-" + subnetId;
    }
}
