package nc.network;

import static nc.error.ServiceException.invalid;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The body checks of createVpc and createSubnet that need no database (docs/api/vpc-disk.md §2.5). */
final class VpcRules {
    private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private VpcRules() {
    }

    /** The validated createVpc body; cidr may be null (A4). */
    record NewVpc(String name, Cidr cidr, String description) {
    }

    static NewVpc check(CreateVpcRequest r) {
        String name = TextRules.name("vpcName", r.vpcName());
        Cidr cidr = r.addressPrefix() == null ? null : AddressRules.networkRange("addressPrefix", r.addressPrefix());
        String description = TextRules.description("description", r.description());
        if (Boolean.TRUE.equals(r.enableMulticast())) {
            throw invalid("enableMulticast", "VPCs do not support multicast; must be false");
        }
        if (r.azType() != null && !r.azType().equals("standard")) {
            throw invalid("azType", "only standard is supported");
        }
        if (r.az() != null && !r.az().isEmpty()) {
            throw invalid("az", "only edge VPCs have an az; leave it empty");
        }
        TextRules.noResourceGroup("resourceGroupId", r.resourceGroupId());
        return new NewVpc(name, cidr, description);
    }

    /** The validated createSubnet body. */
    record NewSubnet(String vpcId, String name, Cidr cidr, String routeTableId, String description, int ipMaskLen,
            List<String> domainNames, List<String> domainNameServers, boolean dryRun) {
    }

    static NewSubnet check(CreateSubnetRequest r) {
        if (r.vpcId() == null || r.vpcId().isEmpty()) {
            throw invalid("vpcId", "required");
        }
        String name = TextRules.name("subnetName", r.subnetName());
        Cidr cidr = AddressRules.networkRange("addressPrefix", r.addressPrefix());
        String description = TextRules.description("description", r.description());
        int ipMaskLen = ipMaskLen(r.ipMaskLen(), cidr);
        return new NewSubnet(r.vpcId(), name, cidr, r.routeTableId(), description, ipMaskLen, domainNames(r.domainNames()),
                domainNameServers(r.domainNameServers()), Boolean.TRUE.equals(r.dryRun()));
    }

    /** 0, or in [max(24, n), 28] where n is the subnet's prefix length. */
    private static int ipMaskLen(Integer value, Cidr cidr) {
        if (value == null || value == 0) {
            return 0;
        }
        int min = Math.max(24, cidr.prefix());
        if (value < min || value > 28) {
            throw invalid("ipMaskLen", "must be 0 or in [" + min + ", 28] for a /" + cidr.prefix() + " subnet");
        }
        return value;
    }

    private static List<String> domainNames(List<String> names) {
        if (names == null) {
            return List.of();
        }
        int total = 0;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || !DOMAIN_NAME.matcher(n).matches()) {
                throw invalid("domainNames[" + i + "]", "letters, digits, '-', '_' and '.' only");
            }
            total += n.length();
            out.add(n);
        }
        if (total > 254) {
            throw invalid("domainNames", "at most 254 characters in all");
        }
        return out;
    }

    private static List<String> domainNameServers(List<String> servers) {
        if (servers == null) {
            return List.of();
        }
        if (servers.size() > 5) {
            throw invalid("domainNameServers", "at most 5 addresses");
        }
        for (int i = 0; i < servers.size(); i++) {
            if (Cidr.parseAddress(servers.get(i)).isEmpty()) {
                throw invalid("domainNameServers[" + i + "]", "must be a dotted IPv4 address");
            }
        }
        return List.copyOf(servers);
    }
}
