package nc.network;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 range a.b.c.d/n and the address rules of docs/api/vpc-disk.md §2.3. */
public record Cidr(long network, int prefix) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** Empty unless the text is a CIDR whose address is its network address (A1). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(m.group(5));
        Optional<Long> address = parseAddress(text.substring(0, text.indexOf('/')));
        if (prefix > 32 || address.isEmpty() || (address.get() & ~mask(prefix) & 0xffffffffL) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address.get(), prefix));
    }

    public static Optional<Long> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ADDRESS.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255 || (m.group(i).length() > 1 && m.group(i).startsWith("0"))) {
                return Optional.empty();
            }
            value = value << 8 | octet;
        }
        return Optional.of(value);
    }

    public static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long broadcast() {
        return network + size() - 1;
    }

    public boolean contains(long address) {
        return address >= network && address <= broadcast();
    }

    public boolean contains(Cidr other) {
        return contains(other.network) && contains(other.broadcast());
    }

    public boolean overlaps(Cidr other) {
        return network <= other.broadcast() && other.network <= broadcast();
    }

    /** The first host address: the subnet's gateway. */
    public long gateway() {
        return network + 1;
    }

    /** A9: network, gateway, DHCP and broadcast addresses are never given out. */
    public boolean isUsable(long address) {
        return contains(address) && address > network + 2 && address < broadcast();
    }

    public long usableCount() {
        return Math.max(0, size() - 4);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
