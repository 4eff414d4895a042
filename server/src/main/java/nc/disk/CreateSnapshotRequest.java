package nc.disk;

/** The body of createSnapshot (docs/api/vpc-disk.md §3.4). */
public record CreateSnapshotRequest(SnapshotSpec snapshotSpec, String clientToken) {

    public record SnapshotSpec(String name, String description, String diskId) {
    }
}
