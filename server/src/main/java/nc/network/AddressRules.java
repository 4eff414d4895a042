package nc.network;

import static nc.error.ServiceException.invalid;

import java.util.List;

/** The CIDR rules of docs/api/vpc-disk.md §2.3 (A1–A3) and §2.4 (rule prefixes). */
public final class AddressRules {
    private static final List<Cidr> PRIVATE_RANGES = List.of(
            Cidr.parse("10.0.0.0/8").orElseThrow(), Cidr.parse("172.16.0.0/12").orElseThrow(),
            Cidr.parse("192.168.0.0/16").orElseThrow());

    private AddressRules() {
    }

    /** A1–A3: a VPC or subnet range: network address, inside a private range, prefix 16–28. */
    public static Cidr networkRange(String field, String text) {
        if (text == null) {
            throw invalid(field, "required: an IPv4 CIDR such as 10.0.0.0/16");
        }
        Cidr cidr = cidr(field, text);
        if (PRIVATE_RANGES.stream().noneMatch(p -> p.contains(cidr))) {
            throw invalid(field, text + " must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
        if (cidr.prefix() < 16 || cidr.prefix() > 28) {
            throw invalid(field, text + ": the prefix length must be 16-28");
        }
        return cidr;
    }

    /** A rule's addressPrefix: any IPv4 CIDR with host bits zero; 0.0.0.0/0 is any address. */
    public static Cidr rulePrefix(String field, String text) {
        if (text == null) {
            throw invalid(field, "required: an IPv4 CIDR such as 0.0.0.0/0");
        }
        return cidr(field, text);
    }

    private static Cidr cidr(String field, String text) {
        if (text.contains(":")) {
            throw invalid(field, text + ": only IPv4 is supported");
        }
        return Cidr.parse(text).orElseThrow(() -> invalid(field,
                text + " is not an IPv4 CIDR a.b.c.d/n whose address is the network address (host bits zero)"));
    }
}
