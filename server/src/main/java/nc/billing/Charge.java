package nc.billing;

import java.time.Instant;
import java.time.ZoneOffset;

/** A resource's billing state. expiredTime is set for prepaid resources only. */
public record Charge(String chargeMode, String chargeStatus, Instant chargeStartTime, Instant chargeExpiredTime) {

    /** A new charge starting now: prepaid ones expire after their duration of months or years. */
    public static Charge start(String mode, String unit, Integer duration, Instant now) {
        Instant expiry = null;
        if (ChargeMode.isPrepaid(mode)) {
            var start = now.atOffset(ZoneOffset.UTC);
            expiry = ("year".equals(unit) ? start.plusYears(duration) : start.plusMonths(duration)).toInstant();
        }
        return new Charge(mode, ChargeStatus.NORMAL, now, expiry);
    }
}
