package nc.network;

import java.time.Instant;

/** A set of allow rules for the interfaces of one VPC. */
public record SecurityGroup(String securityGroupId, String accountId, String regionId, String vpcId, String name,
        String description, Instant createdAt) {
}
