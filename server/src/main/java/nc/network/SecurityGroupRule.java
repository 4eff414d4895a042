package nc.network;

import java.time.Instant;

/** direction 0 ingress, 1 egress; protocol 300 all, 6 TCP, 17 UDP, 1 ICMP (VPC-DISK-API.md §2.4). */
public record SecurityGroupRule(String ruleId, String securityGroupId, int direction, int protocol, String addressPrefix,
        int fromPort, int toPort, String description, int priority, Instant createdAt) {
    public static final int INGRESS = 0;
    public static final int EGRESS = 1;
    public static final int ALL_PROTOCOLS = 300;
}
