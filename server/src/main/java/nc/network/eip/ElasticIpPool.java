package nc.network.eip;

import static nc.error.ServiceException.invalid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import nc.network.Cidr;

/**
 * The public addresses of one region: a few IPv4 ranges. Every address of a range is given out
 * but its network and broadcast addresses (for ranges larger than /31); the lowest free first.
 */
public final class ElasticIpPool {
    static final int MAX_RANGES = 16;
    private final List<Cidr> ranges;

    private ElasticIpPool(List<Cidr> ranges) {
        this.ranges = ranges.stream().sorted(Comparator.comparingLong(Cidr::network)).toList();
    }

    /** Ranges written a.b.c.d/n with host bits zero, n in 16–32, at most 16, not overlapping. */
    public static ElasticIpPool of(String field, List<String> ranges) {
        if (ranges == null) {
            throw invalid(field, "required: a list of IPv4 ranges such as 127.100.0.0/24 (may be empty)");
        }
        if (ranges.size() > MAX_RANGES) {
            throw invalid(field, "at most " + MAX_RANGES + " ranges");
        }
        List<Cidr> parsed = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            String text = ranges.get(i);
            Cidr cidr = Cidr.parse(text).orElseThrow(() -> invalid(field, text
                    + " is not an IPv4 CIDR a.b.c.d/n whose address is the network address"));
            if (cidr.prefix() < 16) {
                throw invalid(field, text + ": ranges are at most /16");
            }
            for (Cidr other : parsed) {
                if (other.overlaps(cidr)) {
                    throw invalid(field, text + " overlaps " + other);
                }
            }
            parsed.add(cidr);
        }
        return new ElasticIpPool(parsed);
    }

    public List<String> ranges() {
        return ranges.stream().map(Cidr::toString).toList();
    }

    public boolean contains(long address) {
        return ranges.stream().anyMatch(r -> address >= first(r) && address <= last(r));
    }

    /** How many addresses the pool gives out. */
    public long size() {
        return ranges.stream().mapToLong(r -> last(r) - first(r) + 1).sum();
    }

    /** The {@code count} lowest addresses not in {@code taken}; fewer when the pool runs dry. */
    public List<Long> lowestFree(Set<Long> taken, int count) {
        List<Long> out = new ArrayList<>();
        for (Cidr r : ranges) {
            for (long a = first(r); a <= last(r) && out.size() < count; a++) {
                if (!taken.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static long first(Cidr r) {
        return r.prefix() >= 31 ? r.network() : r.network() + 1;
    }

    private static long last(Cidr r) {
        return r.prefix() >= 31 ? r.broadcast() : r.broadcast() - 1;
    }
}
