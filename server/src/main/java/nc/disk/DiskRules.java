package nc.disk;

import static nc.error.ServiceException.invalid;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import nc.api.Filter;
import nc.billing.ChargeMode;

/** The checks of createDisks and createSnapshot that need no database (docs/api/vpc-disk.md §1.9, §3.2, §3.4). */
final class DiskRules {
    private static final Pattern N32 = Pattern.compile("[\\u4E00-\\u9FFFA-Za-z0-9_-]{1,32}");
    private static final String N32_RULE = "1-32 characters: Chinese characters, letters, digits, '_' and '-'";
    private static final Map<String, int[]> SIZES = Map.of("ssd", new int[] {20, 1000}, "premium-hdd", new int[] {20, 3000});

    private final Function<String, Set<String>> zonesOfRegion;

    DiskRules(Function<String, Set<String>> zonesOfRegion) {
        this.zonesOfRegion = zonesOfRegion;
    }

    NewDisks check(String region, CreateDisksRequest body) {
        CreateDisksRequest.DiskSpec spec = body.diskSpec();
        if (spec == null) {
            throw invalid("diskSpec", "required");
        }
        String az = spec.az();
        if (az == null || az.isEmpty()) {
            throw invalid("diskSpec.az", "required: an availability zone of " + region);
        }
        if (!zonesOfRegion.apply(region).contains(az)) {
            throw invalid("diskSpec.az", az + " is not an availability zone of " + region);
        }
        checkName("diskSpec.name", spec.name());
        String description = description("diskSpec.description", spec.description());
        String type = spec.diskType();
        if (type == null || type.isEmpty()) {
            throw invalid("diskSpec.diskType", "required: ssd or premium-hdd");
        }
        int[] range = SIZES.get(type);
        if (range == null) {
            throw invalid("diskSpec.diskType", "must be ssd or premium-hdd");
        }
        Integer size = spec.diskSizeGB();
        if (size == null) {
            throw invalid("diskSpec.diskSizeGB", "required");
        }
        if (size < range[0] || size > range[1] || size % 10 != 0) {
            throw invalid("diskSpec.diskSizeGB", "must be a multiple of 10 in [" + range[0] + ", " + range[1] + "] for " + type);
        }
        if (spec.policyId() != null && !spec.policyId().isEmpty()) {
            throw invalid("diskSpec.policyId", "snapshot policies are not offered; leave it out");
        }
        if (Boolean.TRUE.equals(spec.multiAttachable())) {
            throw invalid("diskSpec.multiAttachable", "must be false: shared disks are not offered");
        }
        if (Boolean.TRUE.equals(spec.encrypt())) {
            throw invalid("diskSpec.encrypt", "must be false: encrypted disks are not offered");
        }
        String snapshotId = spec.snapshotId() == null || spec.snapshotId().isEmpty() ? null : spec.snapshotId();
        int maxCount = maxCount(body.maxCount());
        String token = clientToken(body.clientToken());
        List<Tag> tags = TagRules.check("userTags", body.userTags());
        resourceGroup(body.resourceGroupId());
        CreateDisksRequest.ChargeSpec charge = body.diskSpec().charge();
        String mode = charge == null || charge.chargeMode() == null ? ChargeMode.POSTPAID_BY_DURATION : charge.chargeMode();
        if (mode.equals(ChargeMode.POSTPAID_BY_DURATION)) {
            return new NewDisks(maxCount, token, az, spec.name(), description, type, size, snapshotId, mode, null, null, tags);
        }
        if (mode.equals(ChargeMode.POSTPAID_BY_USAGE)) {
            throw invalid("diskSpec.charge.chargeMode", "postpaid_by_usage is not offered for disks;"
                    + " use postpaid_by_duration or prepaid_by_duration");
        }
        if (!mode.equals(ChargeMode.PREPAID_BY_DURATION)) {
            throw invalid("diskSpec.charge.chargeMode", "must be postpaid_by_duration or prepaid_by_duration");
        }
        String unit = charge.chargeUnit() == null ? "month" : charge.chargeUnit();
        int maxDuration = switch (unit) {
            case "month" -> 9;
            case "year" -> 3;
            default -> throw invalid("diskSpec.charge.chargeUnit", "must be month or year");
        };
        Integer duration = charge.chargeDuration();
        if (duration == null) {
            throw invalid("diskSpec.charge.chargeDuration", "required for prepaid_by_duration");
        }
        if (duration < 1 || duration > maxDuration) {
            throw invalid("diskSpec.charge.chargeDuration", "must be in [1, " + maxDuration + "] for " + unit);
        }
        return new NewDisks(maxCount, token, az, spec.name(), description, type, size, snapshotId, mode, unit, duration, tags);
    }

    static NewSnapshot check(CreateSnapshotRequest body) {
        CreateSnapshotRequest.SnapshotSpec spec = body.snapshotSpec();
        if (spec == null) {
            throw invalid("snapshotSpec", "required");
        }
        checkName("snapshotSpec.name", spec.name());
        String description = description("snapshotSpec.description", spec.description());
        if (spec.diskId() == null || spec.diskId().isEmpty()) {
            throw invalid("snapshotSpec.diskId", "required: the disk to copy");
        }
        return new NewSnapshot(clientToken(body.clientToken()), spec.name(), description, spec.diskId());
    }

    /** N32: names of disks and snapshots. */
    static void checkName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(field, "required: " + N32_RULE);
        }
        if (!N32.matcher(name).matches()) {
            throw invalid(field, N32_RULE);
        }
    }

    /** D256, with its default "". */
    static String description(String field, String description) {
        if (description == null) {
            return "";
        }
        if (description.length() > 256) {
            throw invalid(field, "at most 256 characters");
        }
        return description;
    }

    private static int maxCount(Integer maxCount) {
        if (maxCount == null) {
            throw invalid("maxCount", "required: 1-100");
        }
        if (maxCount < 1 || maxCount > 100) {
            throw invalid("maxCount", "must be in [1, 100]");
        }
        return maxCount;
    }

    private static String clientToken(String token) {
        if (token == null || token.isEmpty()) {
            throw invalid("clientToken", "required: 1-64 printable ASCII characters that make retries idempotent");
        }
        if (token.length() > 64 || !token.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw invalid("clientToken", "at most 64 printable ASCII characters");
        }
        return token;
    }

    /** Resource groups are not offered: absent or "" only. */
    static void resourceGroup(String resourceGroupId) {
        if (resourceGroupId != null && !resourceGroupId.isEmpty()) {
            throw invalid("resourceGroupId", "resource groups are not supported; leave it out");
        }
    }

    /** The one value of a true/false filter (multiAttach, encrypted), in any letter case. */
    static boolean flag(Filter f) {
        return bool("filters", "filter " + f.name(), f.values().get(0));
    }

    /** A query boolean: true/false in any letter case (the Python SDK sends True/False). */
    static boolean bool(String field, String what, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(field, what + " takes true or false, not " + text);
        };
    }
}
