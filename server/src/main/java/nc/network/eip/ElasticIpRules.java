package nc.network.eip;

import static nc.error.ServiceException.invalid;

import java.util.List;
import java.util.Set;
import nc.billing.ChargeMode;
import nc.network.Cidr;
import nc.network.TextRules;

/** The body checks of createElasticIps that need no database (docs/api/vpc-disk.md §2.5, §4). */
final class ElasticIpRules {
    private static final Set<String> PROVIDERS = Set.of("bgp", "no_bgp");
    private static final Set<String> CHARGE_MODES = Set.of(ChargeMode.PREPAID_BY_DURATION, ChargeMode.POSTPAID_BY_DURATION,
            ChargeMode.POSTPAID_BY_USAGE);

    private ElasticIpRules() {
    }

    /** @param address null means "the lowest free addresses of the pool" */
    record NewElasticIps(int count, Long address, int bandwidthMbps, String provider, String chargeMode, String chargeUnit,
            Integer chargeDuration, List<Tag> tags, boolean dryRun) {
    }

    static NewElasticIps check(CreateElasticIpsRequest r) {
        Integer count = r.maxCount();
        if (count == null) {
            throw invalid("maxCount", "required: 1-100");
        }
        if (count < 1 || count > 100) {
            throw invalid("maxCount", "must be in [1, 100]");
        }
        Long address = null;
        if (r.elasticIpAddress() != null) {
            if (count != 1) {
                throw invalid("elasticIpAddress", "a specific address needs maxCount 1");
            }
            address = Cidr.parseAddress(r.elasticIpAddress())
                    .orElseThrow(() -> invalid("elasticIpAddress", "must be a dotted IPv4 address"));
        }
        ElasticIpSpec spec = r.elasticIpSpec();
        if (spec == null) {
            throw invalid("elasticIpSpec", "required");
        }
        int bandwidth = bandwidth("elasticIpSpec.bandwidthMbps", spec.bandwidthMbps());
        if (spec.provider() == null) {
            throw invalid("elasticIpSpec.provider", "required: bgp or no_bgp");
        }
        if (!PROVIDERS.contains(spec.provider())) {
            throw invalid("elasticIpSpec.provider", "must be bgp or no_bgp");
        }
        ChargeSpec charge = spec.chargeSpec() == null ? new ChargeSpec(null, null, null) : spec.chargeSpec();
        String mode = charge.chargeMode() == null ? ChargeMode.POSTPAID_BY_DURATION : charge.chargeMode();
        if (!CHARGE_MODES.contains(mode)) {
            throw invalid("elasticIpSpec.chargeSpec.chargeMode",
                    "must be prepaid_by_duration, postpaid_by_duration or postpaid_by_usage");
        }
        String unit = null;
        Integer duration = null;
        if (ChargeMode.isPrepaid(mode)) {
            unit = charge.chargeUnit() == null ? "month" : charge.chargeUnit();
            int max = switch (unit) {
                case "month" -> 9;
                case "year" -> 3;
                default -> throw invalid("elasticIpSpec.chargeSpec.chargeUnit", "must be month or year");
            };
            duration = charge.chargeDuration();
            if (duration == null) {
                throw invalid("elasticIpSpec.chargeSpec.chargeDuration", "required for prepaid_by_duration");
            }
            if (duration < 1 || duration > max) {
                throw invalid("elasticIpSpec.chargeSpec.chargeDuration", "must be in [1, " + max + "] for " + unit);
            }
        }
        List<Tag> tags = TagRules.check("userTags", r.userTags());
        if (r.ipType() != null && !r.ipType().equals("standard")) {
            throw invalid("ipType", "only standard is supported");
        }
        TextRules.noResourceGroup("resourceGroupId", r.resourceGroupId());
        return new NewElasticIps(count, address, bandwidth, spec.provider(), mode, unit, duration, tags, Boolean.TRUE.equals(r.dryRun()));
    }

    /** 1–200 Mbps, step 1 (rule 12). */
    static int bandwidth(String field, Integer value) {
        if (value == null) {
            throw invalid(field, "required: 1-200");
        }
        if (value < 1 || value > 200) {
            throw invalid(field, "must be in [1, 200]");
        }
        return value;
    }
}
