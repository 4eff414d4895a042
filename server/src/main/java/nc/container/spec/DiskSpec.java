package nc.container.spec;

/** A new cloud disk (v1 shape; later members are ignored). */
public record DiskSpec(
        String az,
        String name,
        String description,
        String diskType,
        Integer diskSizeGB,
        String snapshotId,
        ChargeSpec charge,
        Boolean multiAttachable) {
}
