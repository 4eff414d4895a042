package nc.disk;

import java.util.List;

/** The body of createDisks (docs/api/vpc-disk.md §3.4); path copies such as regionId and later members are ignored. */
public record CreateDisksRequest(DiskSpec diskSpec, Integer maxCount, String clientToken, List<Tag> userTags,
        String resourceGroupId) {

    /** The disk API's DiskSpec (§3.2), not the container-side one of docs/api/nc.md §4.1. */
    public record DiskSpec(String az, String name, String description, String diskType, Integer diskSizeGB, Integer iops,
            String snapshotId, String policyId, ChargeSpec charge, Boolean multiAttachable, Boolean encrypt) {
    }

    /** Later members (autoRenew, buyScenario, ...) are accepted and ignored. */
    public record ChargeSpec(String chargeMode, String chargeUnit, Integer chargeDuration) {
    }
}
