package nc.network;

import java.time.Instant;

/** A tenant's virtual network. cidr may be null (docs/api/vpc-disk.md A4). */
public record Vpc(String vpcId, String accountId, String regionId, String name, String cidr, String description, Instant createdAt) {

    /** The one synthetic route table every VPC owns (§2.2): its id follows from the VPC's. */
    public String routeTableId() {
        return routeTableOf(vpcId);
    }

    public static String routeTableOf(String vpcId) {
        return "rtb-" + vpcId.substring("vpc-".length());
    }
}
