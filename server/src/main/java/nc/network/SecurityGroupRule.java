package nc.network;

import java.time.Instant;

/** direction 0 ingress, 1 egress; protocol 300 all, 6 TCP, 17 UDP, 1 ICMP (docs/api/vpc-disk.md §2.4). Rules only allow. */
public record SecurityGroupRule(String ruleId, String securityGroupId, int direction, int protocol, String addressPrefix,
        int fromPort, int toPort, String description, int priority, Instant createdAt) {
    public static final int INGRESS = 0;
    public static final int EGRESS = 1;
    public static final int ALL_PROTOCOLS = 300;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;

    /** S7: two rules of a group may not match the same traffic (direction, protocol, prefix and ports). */
    public boolean sameTraffic(SecurityGroupRule other) {
        return direction == other.direction && protocol == other.protocol && addressPrefix.equals(other.addressPrefix)
                && fromPort == other.fromPort && toPort == other.toPort;
    }

    public static boolean hasPorts(int protocol) {
        return protocol == TCP || protocol == UDP;
    }
}
