package nc.runtime;

import java.util.Map;

/**
 * A bridge network with a fixed IPv4 range: one per subnet. {@code sharedOutboundNat}: its
 * containers reach the outside through the host's own address (the engine's masquerade); without
 * it only a container with an elastic IP reaches beyond the host (docs/api/vpc-disk.md §7).
 */
public record EngineNetwork(String name, String cidr, String gateway, Map<String, String> labels, boolean sharedOutboundNat) {

    /** Without shared outbound NAT, as a cloud's subnet is. */
    public EngineNetwork(String name, String cidr, String gateway, Map<String, String> labels) {
        this(name, cidr, gateway, labels, false);
    }
}
