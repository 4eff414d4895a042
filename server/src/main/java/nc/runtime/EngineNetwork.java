package nc.runtime;

import java.util.Map;

/** A bridge network with a fixed IPv4 range: one per subnet. */
public record EngineNetwork(String name, String cidr, String gateway, Map<String, String> labels) {
}
