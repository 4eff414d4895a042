package nc.billing;

import java.util.List;
import nc.error.ServiceException;

/** What billing allows: docs/api/nc.md rules 37 and 38, §5.4 and §5.5. */
public final class BillingRules {
    private BillingRules() {
    }

    /** Pay-as-you-go in good standing, or prepaid that expired (rule 37). */
    public static void checkDeletable(String containerId, Charge charge) {
        boolean postpaidNormal = !ChargeMode.isPrepaid(charge.chargeMode()) && ChargeStatus.NORMAL.equals(charge.chargeStatus());
        boolean prepaidExpired = ChargeMode.isPrepaid(charge.chargeMode()) && ChargeStatus.OVERDUE.equals(charge.chargeStatus());
        if (!postpaidNormal && !prepaidExpired) {
            throw ServiceException.failedPrecondition("container " + containerId + " is " + charge.chargeMode() + " with charge status "
                    + charge.chargeStatus() + "; only pay-as-you-go containers in normal standing or expired prepaid ones can be deleted");
        }
    }

    /** The container and every disk it uses must be in normal standing (rule 38). */
    public static void checkStartable(String containerId, Charge charge, List<DiskCharge> disks) {
        if (!ChargeStatus.NORMAL.equals(charge.chargeStatus())) {
            throw ServiceException.failedPrecondition("container " + containerId + " has charge status " + charge.chargeStatus()
                    + "; startContainer needs normal");
        }
        for (DiskCharge disk : disks) {
            if (!ChargeStatus.NORMAL.equals(disk.chargeStatus())) {
                throw ServiceException.failedPrecondition("disk " + disk.diskId() + " of container " + containerId
                        + " has charge status " + disk.chargeStatus() + "; startContainer needs normal");
            }
        }
    }

    public record DiskCharge(String diskId, String chargeStatus) {
    }
}
