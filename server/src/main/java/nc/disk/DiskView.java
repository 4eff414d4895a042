package nc.disk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.common.Times;

/** The Disk, DiskAttachment and Snapshot output types of docs/api/vpc-disk.md §3.2, member for member. */
final class DiskView {
    /** Every attachment is to a native container. */
    static final String INSTANCE_TYPE = "nc";

    private DiskView() {
    }

    static Map<String, Object> disk(DescribedDisk described) {
        Disk d = described.disk();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("diskId", d.diskId());
        out.put("az", d.az());
        out.put("name", d.name());
        out.put("description", d.description());
        out.put("diskType", d.diskType());
        out.put("diskSizeGB", d.sizeGb());
        out.put("status", d.status());
        out.put("attachments", described.attachments().stream().map(DiskView::attachment).toList());
        if (d.snapshotId() != null) {
            out.put("snapshotId", d.snapshotId());
        }
        out.put("multiAttachable", d.multiAttachable());
        out.put("encrypted", false);
        out.put("createTime", Times.format(d.createdAt()));
        out.put("charge", charge(d));
        out.put("tags", described.tags().stream().map(DiskView::tag).toList());
        return out;
    }

    private static Map<String, Object> tag(Tag t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", t.key());
        out.put("value", t.value());
        return out;
    }

    private static Map<String, Object> attachment(Attachment a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attachmentId", a.attachmentId());
        out.put("diskId", a.diskId());
        out.put("instanceType", INSTANCE_TYPE);
        out.put("instanceId", a.containerId());
        out.put("status", "attached");
        out.put("attachTime", Times.format(a.attachedAt()));
        return out;
    }

    /** docs/api/nc.md §4.2 Charge; the charge of a disk starts when the disk is created. */
    static Map<String, Object> charge(Disk d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chargeMode", d.chargeMode());
        out.put("chargeStatus", d.chargeStatus());
        out.put("chargeStartTime", Times.format(d.createdAt()));
        if (d.chargeExpiredTime() != null) {
            out.put("chargeExpiredTime", Times.format(d.chargeExpiredTime()));
        }
        return out;
    }

    static Map<String, Object> snapshot(Snapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("snapshotId", s.snapshotId());
        out.put("snapshotSource", "self");
        out.put("diskId", s.diskId());
        out.put("snapshotSizeGB", s.sizeGb());
        out.put("images", List.of());
        out.put("name", s.name());
        out.put("description", s.description());
        out.put("status", s.status());
        out.put("createTime", Times.format(s.createdAt()));
        out.put("encrypted", false);
        return out;
    }
}
