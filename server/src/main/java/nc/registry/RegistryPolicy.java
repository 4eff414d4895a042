package nc.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import nc.error.ServiceException;
import nc.network.Cidr;

/**
 * Which registries tenants may pull from. Entries are host names ({@code registry.example.com}),
 * every subdomain of a name ({@code *.example.com}), IPv4 addresses or ranges ({@code 10.0.0.0/8});
 * a registry's port is not part of the match. A registry is refused when it is link-local
 * (169.254.0.0/16, fe80::/10: the usual metadata endpoint; always, whatever the lists say) or
 * unspecified (0.0.0.0), when its name or any address it resolves to is denied, or, when there is
 * an allow list, when neither its name nor every address it resolves to is allowed.
 *
 * @param allow empty: every registry not denied
 * @param deny  refused even when allowed
 */
public record RegistryPolicy(List<String> allow, List<String> deny) {
    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final int MAX_ENTRIES = 100;

    /** How a registry's host name becomes addresses (the system's resolver, or a test's). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public RegistryPolicy {
        allow = normalised(allow, "allow");
        deny = normalised(deny, "deny");
    }

    /** Everything but the link-local and unspecified addresses: the default, with which a registry on 127.0.0.1 works. */
    public static RegistryPolicy open() {
        return new RegistryPolicy(List.of(), List.of());
    }

    private static List<String> normalised(List<String> entries, String field) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_ENTRIES) {
            throw ServiceException.invalid(field, "at most " + MAX_ENTRIES + " entries");
        }
        return entries.stream().map(e -> {
            String entry = e == null ? "" : e.strip().toLowerCase(Locale.ROOT);
            if (!(NAME.matcher(entry).matches() && entry.length() <= 253) && Cidr.parse(entry).isEmpty()) {
                throw ServiceException.invalid(field, "entry '" + e + "' must be a host name, *.domain, an IPv4 address"
                        + " or a range a.b.c.d/n (whose address is the range's first)");
            }
            return entry;
        }).toList();
    }

    /** Why a pull from this registry ({@code host[:port]}) is refused; empty when it is allowed. */
    public Optional<String> refusal(String registry, Resolver resolver) {
        String host = hostOf(registry);
        if (matchesName(deny, host)) {
            return Optional.of(notAllowed(registry));
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("image registry " + registry + " could not be resolved");
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                return Optional.of("image registry " + registry + " is refused: link-local and unspecified addresses"
                        + " (such as 169.254.169.254, the usual metadata endpoint) are never allowed");
            }
            if (inRanges(deny, address)) {
                return Optional.of(notAllowed(registry));
            }
        }
        if (allow.isEmpty() || matchesName(allow, host)) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (!inRanges(allow, address)) {
                return Optional.of(notAllowed(registry));
            }
        }
        return addresses.length == 0 ? Optional.of(notAllowed(registry)) : Optional.empty();
    }

    private static String notAllowed(String registry) {
        return "image registry " + registry + " is not allowed by this service's registry policy";
    }

    private static String hostOf(String registry) {
        int colon = registry.lastIndexOf(':');
        return (colon >= 0 ? registry.substring(0, colon) : registry).toLowerCase(Locale.ROOT);
    }

    private static boolean matchesName(List<String> entries, String host) {
        for (String entry : entries) {
            if (entry.equals(host) || (entry.startsWith("*.") && host.endsWith(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRanges(List<String> entries, InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        long value = ByteBuffer.wrap(address.getAddress()).getInt() & 0xffffffffL;
        for (String entry : entries) {
            Optional<Cidr> range = Cidr.parse(entry.contains("/") ? entry : entry + "/32");
            if (range.isPresent() && range.get().contains(value)) {
                return true;
            }
        }
        return false;
    }
}
