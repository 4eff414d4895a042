package nc.container.spec;

import java.util.List;

/**
 * A createContainers body that passed every check needing no database, with every default applied.
 * Ids (subnet, security groups, secret, disks, snapshots) are as sent: their existence is checked later.
 *
 * @param hostname         null means "the container id", decided when the id is known
 * @param elasticIp        null when no elastic IP is wanted
 * @param primaryIpAddress null means "allocate one"
 * @param imageCacheId     as sent: this server has no image caches, so a given one is not found
 */
public record ValidatedCreate(
        int maxCount,
        String clientToken,
        String instanceType,
        String az,
        String name,
        List<HostAlias> hostAliases,
        String hostname,
        List<String> command,
        List<String> args,
        List<EnvVar> envs,
        ImageReference image,
        String secret,
        boolean tty,
        String workingDir,
        VolumePlan rootVolume,
        List<VolumePlan> dataVolumes,
        EipPlan elasticIp,
        String subnetId,
        String primaryIpAddress,
        List<String> securityGroups,
        boolean sanityCheck,
        String nicDescription,
        LogConfiguration logConfiguration,
        String description,
        ChargePlan charge,
        List<nc.disk.Tag> tags,
        String imageCacheId) {

    /**
     * One volume: either a disk to create ({@code newDisk}) or an existing one ({@code existingDiskId}).
     *
     * @param mountPath    {@code /} for the root volume
     * @param autoDelete   as requested (default true); prepaid and shared disks are kept regardless (rule 21)
     * @param fsType       {@code xfs} or {@code ext4}
     * @param formatVolume always true for a new disk; for an existing one, as requested (default false)
     */
    public record VolumePlan(
            boolean root,
            String mountPath,
            boolean readOnly,
            boolean autoDelete,
            String fsType,
            boolean formatVolume,
            NewDisk newDisk,
            String existingDiskId) {
    }

    /** A disk created with the container; it follows the container's az and charge. */
    public record NewDisk(String name, String description, String diskType, int sizeGb, String snapshotId) {
    }

    /** @param ownChargeByUsage true only when the EIP asked for postpaid_by_usage; otherwise it follows the container */
    public record EipPlan(int bandwidthMbps, String provider, boolean ownChargeByUsage) {
    }

    /** @param chargeUnit and chargeDuration are set for prepaid_by_duration only */
    public record ChargePlan(String chargeMode, String chargeUnit, Integer chargeDuration) {
    }
}
