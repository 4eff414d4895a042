package nc.tenantnet;

import java.util.Objects;

/**
 * One allow rule of a security group (docs/api/vpc-disk.md §2.4), as the datapath enforces it. Rules only
 * allow; what no rule allows is dropped. For {@link Direction#INGRESS} the prefix is the source of
 * the traffic, for {@link Direction#EGRESS} its destination.
 *
 * @param fromPort first port (TCP/UDP only; 0 for the other protocols)
 * @param toPort   last port, inclusive (TCP/UDP only)
 */
public record Rule(Direction direction, Protocol protocol, String addressPrefix, int fromPort, int toPort) {

    public enum Direction {
        INGRESS, EGRESS;

        /** The API's integer: 0 ingress, 1 egress. */
        public static Direction fromApi(int code) {
            return switch (code) {
                case 0 -> INGRESS;
                case 1 -> EGRESS;
                default -> throw new IllegalArgumentException("direction " + code);
            };
        }
    }

    public enum Protocol {
        ALL(300), TCP(6), UDP(17), ICMP(1);

        private final int code;

        Protocol(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The API's integer: 300 all, 6 TCP, 17 UDP, 1 ICMP. */
        public static Protocol fromApi(int code) {
            for (Protocol p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("protocol " + code);
        }

        public boolean hasPorts() {
            return this == TCP || this == UDP;
        }
    }

    /**
     * Normalises as the API stores rules: ports are 0 for protocols without ports; TCP/UDP without
     * ports (0/0) mean 1–65535. A plain address is taken as its /32.
     */
    public Rule {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        addressPrefix = Ipv4.prefix(Objects.requireNonNull(addressPrefix, "addressPrefix"));
        if (!protocol.hasPorts()) {
            fromPort = 0;
            toPort = 0;
        } else {
            if (fromPort == 0 && toPort == 0) {
                fromPort = 1;
                toPort = 65535;
            }
            if (fromPort < 1 || toPort > 65535 || fromPort > toPort) {
                throw new IllegalArgumentException("port range " + fromPort + "-" + toPort);
            }
        }
    }

    /** A rule from the API's integers (direction 0/1, protocol 300/6/17/1). */
    public static Rule fromApi(int direction, int protocol, String addressPrefix, Integer fromPort, Integer toPort) {
        return new Rule(Direction.fromApi(direction), Protocol.fromApi(protocol), addressPrefix,
                fromPort == null ? 0 : fromPort, toPort == null ? 0 : toPort);
    }

    public static Rule ingress(Protocol protocol, String sourcePrefix, int fromPort, int toPort) {
        return new Rule(Direction.INGRESS, protocol, sourcePrefix, fromPort, toPort);
    }

    public static Rule egress(Protocol protocol, String destinationPrefix, int fromPort, int toPort) {
        return new Rule(Direction.EGRESS, protocol, destinationPrefix, fromPort, toPort);
    }
}
