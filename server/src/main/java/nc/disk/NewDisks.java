package nc.disk;

import java.util.List;

/**
 * A createDisks body that passed every check needing no database, defaults applied.
 *
 * @param snapshotId     null when the disks start empty
 * @param chargeUnit     and chargeDuration: set for prepaid_by_duration only
 */
record NewDisks(int maxCount, String clientToken, String az, String name, String description, String diskType, int sizeGb,
        String snapshotId, String chargeMode, String chargeUnit, Integer chargeDuration, List<Tag> tags) {

    /** {@code name} for a single disk, {@code name-1} .. {@code name-N} for several. */
    String nameOf(int index) {
        return maxCount == 1 ? name : name + "-" + (index + 1);
    }
}
