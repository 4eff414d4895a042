package nc.tenantnet;

import java.util.regex.Pattern;

/**
 * Checks of what goes into an iptables line or a tc command: addresses, prefixes, interface
 * names, ids. Everything the library writes to the host passes here first, so no input can add
 * options or lines of its own.
 */
public final class Ipv4 {
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ipv4() {
    }

    /** A dotted IPv4 address, returned in canonical form. */
    public static String address(String text) {
        return format(parse(text));
    }

    /** {@code a.b.c.d/n} (or a plain address, taken as /32), canonical, host bits cleared. */
    public static String prefix(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        int bits = 32;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 prefix: " + text);
            }
            if (bits < 0 || bits > 32) {
                throw new IllegalArgumentException("not an IPv4 prefix: " + text);
            }
            t = t.substring(0, slash);
        }
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return format(parse(t) & mask) + "/" + bits;
    }

    public static boolean isLoopback(String address) {
        return (parse(address) >>> 24) == 127;
    }

    public static long parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(long value) {
        return ((value >>> 24) & 255) + "." + ((value >>> 16) & 255) + "." + ((value >>> 8) & 255) + "." + (value & 255);
    }

    /** A network interface name as the kernel allows it (15 characters). */
    public static String interfaceName(String name) {
        if (name == null || !INTERFACE.matcher(name).matches()) {
            throw new IllegalArgumentException("not an interface name: " + name);
        }
        return name;
    }

    /** An id that may appear in a rule comment; others are only represented by their hash. */
    public static boolean commentSafe(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
