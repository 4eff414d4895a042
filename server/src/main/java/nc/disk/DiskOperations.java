package nc.disk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Operation;
import nc.error.ServiceException;

/** The seven operations of the disk service on the wire (docs/api/vpc-disk.md §3.1), signed with scope service {@code disk}. */
public final class DiskOperations {
    public static final Set<String> SERVICES = Set.of("disk");
    private static final String DISKS = "/v1/regions/{regionId}/disks";
    private static final String SNAPSHOTS = "/v1/regions/{regionId}/snapshots";
    private final CloudDiskService disks;
    private final SnapshotService snapshots;

    public DiskOperations(CloudDiskService disks, SnapshotService snapshots) {
        this.disks = disks;
        this.snapshots = snapshots;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.signed("createDisks", SERVICES, "POST", DISKS, this::createDisks),
                Operation.signed("describeDisk", SERVICES, "GET", DISKS + "/{diskId}", this::describeDisk),
                Operation.signed("describeDisks", SERVICES, "GET", DISKS, this::describeDisks),
                Operation.signed("deleteDisk", SERVICES, "DELETE", DISKS + "/{diskId}", this::deleteDisk),
                Operation.signed("createSnapshot", SERVICES, "POST", SNAPSHOTS, this::createSnapshot),
                Operation.signed("describeSnapshot", SERVICES, "GET", SNAPSHOTS + "/{snapshotId}", this::describeSnapshot),
                Operation.signed("deleteSnapshot", SERVICES, "DELETE", SNAPSHOTS + "/{snapshotId}", this::deleteSnapshot));
    }

    private Object createDisks(Call call) {
        return Map.of("diskIds", disks.create(call.accountId(), call.regionId(), call.body(CreateDisksRequest.class)));
    }

    private Object describeDisk(Call call) {
        return Map.of("disk", DiskView.disk(disks.describe(call.accountId(), call.regionId(), call.path("diskId"))));
    }

    private Object describeDisks(Call call) {
        DescribeDisksQuery query = DescribeDisksQuery.parse(call.query());
        CloudDiskService.PageOf page = disks.list(call.accountId(), call.regionId(), query);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("disks", page.items().stream().map(DiskView::disk).toList());
        out.put("totalCount", page.total());
        return out;
    }

    private Object deleteDisk(Call call) {
        String recycle = call.query().get("putInRecycleBin");
        if (recycle != null && !recycle.isEmpty() && DiskRules.bool("putInRecycleBin", "putInRecycleBin", recycle)) {
            throw ServiceException.invalid("putInRecycleBin", "there is no recycle bin; leave it out or send false");
        }
        disks.delete(call.accountId(), call.regionId(), call.path("diskId"));
        return null;
    }

    private Object createSnapshot(Call call) {
        return Map.of("snapshotId", snapshots.create(call.accountId(), call.regionId(), call.body(CreateSnapshotRequest.class)));
    }

    private Object describeSnapshot(Call call) {
        return Map.of("snapshot", DiskView.snapshot(snapshots.describe(call.accountId(), call.regionId(), call.path("snapshotId"))));
    }

    private Object deleteSnapshot(Call call) {
        snapshots.delete(call.accountId(), call.regionId(), call.path("snapshotId"));
        return null;
    }
}
