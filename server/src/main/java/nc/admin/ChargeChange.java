package nc.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import nc.common.Times;
import nc.error.ServiceException;

/** The operator's change to a resource's billing state (containers, disks, elastic IPs). */
record ChargeChange(String chargeStatus, String chargeExpiredTime) {

    /** The new expiry, or null when the body leaves it unchanged. */
    Instant expiry() {
        if (chargeExpiredTime == null) {
            return null;
        }
        try {
            return Instant.parse(chargeExpiredTime);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid("chargeExpiredTime", "an ISO 8601 UTC time such as 2026-01-31T00:00:00Z");
        }
    }

    /** The answer: the resource's id and its billing state after the change. */
    static Map<String, Object> answer(String idMember, String id, String mode, String status, Instant expiry) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("chargeMode", mode);
        charge.put("chargeStatus", status);
        if (expiry != null) {
            charge.put("chargeExpiredTime", Times.format(expiry));
        }
        return Map.of(idMember, id, "charge", charge);
    }
}
