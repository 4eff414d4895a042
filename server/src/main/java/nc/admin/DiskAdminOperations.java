package nc.admin;

import java.time.Instant;
import java.util.List;
import nc.api.Call;
import nc.api.Operation;
import nc.disk.CloudDiskService;
import nc.disk.Disk;

/** The operator's lever on a disk's billing state (docs/api/vpc-disk.md §4), as {@code PATCH /admin/containers/{id}} is for containers. */
public final class DiskAdminOperations {
    private final CloudDiskService disks;

    public DiskAdminOperations(CloudDiskService disks) {
        this.disks = disks;
    }

    public List<Operation> operations() {
        return List.of(Operation.operator("modifyDiskCharge", "PATCH", "/admin/disks/{diskId}", this::charge));
    }


    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = body.expiry();
        Disk d = disks.setCharge(call.path("diskId"), body.chargeStatus(), expiry, expiry != null);
        return ChargeChange.answer("diskId", d.diskId(), d.chargeMode(), d.chargeStatus(), d.chargeExpiredTime());
    }
}
