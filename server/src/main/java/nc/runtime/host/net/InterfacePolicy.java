package nc.runtime.host.net;

import java.util.List;
import java.util.Objects;

/**
 * The security of one container network interface: the union of the rules of all its groups
 * (S4). The interface is known to the host by its private address on its subnet's bridge; both
 * stay the same when the container restarts, so a policy outlives restarts.
 *
 * @param interfaceId the interface's id ({@code port-...}); names its chains
 * @param ip          the interface's private IPv4 address
 * @param bridge      the host bridge of its subnet ({@link HostInterfaces#bridgeWithAddress})
 * @param rules       allow rules of both directions; duplicates are harmless
 */
public record InterfacePolicy(String interfaceId, String ip, String bridge, List<Rule> rules) {
    public InterfacePolicy {
        Objects.requireNonNull(interfaceId, "interfaceId");
        if (interfaceId.isBlank()) {
            throw new IllegalArgumentException("interfaceId is blank");
        }
        ip = Ipv4.address(ip);
        bridge = Ipv4.interfaceName(bridge);
        rules = List.copyOf(rules);
    }
}
