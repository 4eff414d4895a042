package nc.disk;

import nc.billing.ChargeMode;

/** A disk together with its attachment to one container. */
public record AttachedDisk(Disk disk, Attachment attachment) {

    /** autoDelete has no effect on prepaid or multi-attachable disks, which are always kept (rule 21). */
    public boolean effectiveAutoDelete() {
        return attachment.autoDelete() && !ChargeMode.isPrepaid(disk.chargeMode()) && !disk.multiAttachable();
    }
}
