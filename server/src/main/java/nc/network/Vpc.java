package nc.network;

import java.time.Instant;

/** A tenant's virtual network. cidr may be null (VPC-DISK-API.md A4). */
public record Vpc(String vpcId, String accountId, String regionId, String name, String cidr, String description, Instant createdAt) {
}
