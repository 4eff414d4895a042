package nc.container.spec;

import java.util.List;

/** An /etc/hosts entry: several names for one IPv4 address. */
public record HostAlias(List<String> hostnames, String ip) {
}
