package nc.container.spec;

/** A root or data volume: a new disk (cloudDiskSpec) or an existing one (cloudDiskId). */
public record VolumeMountSpec(
        String category,
        Boolean autoDelete,
        String mountPath,
        Boolean readOnly,
        DiskSpec cloudDiskSpec,
        String cloudDiskId,
        String fsType,
        Boolean formatVolume) {
}
