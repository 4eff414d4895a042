package nc.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.api.Call;
import nc.api.Operation;
import nc.common.Times;
import nc.disk.CloudDiskService;
import nc.disk.Disk;
import nc.error.ServiceException;

/** The operator's lever on a disk's billing state (VPC-DISK-API.md §4), as {@code PATCH /admin/containers/{id}} is for containers. */
public final class DiskAdminOperations {
    private final CloudDiskService disks;

    public DiskAdminOperations(CloudDiskService disks) {
        this.disks = disks;
    }

    public List<Operation> operations() {
        return List.of(Operation.operator("modifyDiskCharge", "PATCH", "/admin/disks/{diskId}", this::charge));
    }

    record ChargeChange(String chargeStatus, String chargeExpiredTime) {
    }

    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = null;
        if (body.chargeExpiredTime() != null) {
            try {
                expiry = Instant.parse(body.chargeExpiredTime());
            } catch (DateTimeParseException e) {
                throw ServiceException.invalid("chargeExpiredTime", "an ISO 8601 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
        Disk d = disks.setCharge(call.path("diskId"), body.chargeStatus(), expiry, expiry != null);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("chargeMode", d.chargeMode());
        charge.put("chargeStatus", d.chargeStatus());
        charge.put("chargeExpiredTime", Times.format(d.chargeExpiredTime()));
        return Map.of("diskId", d.diskId(), "charge", charge);
    }
}
