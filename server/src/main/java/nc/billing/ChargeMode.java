package nc.billing;

/** How a resource is billed (docs/api/nc.md ChargeSpec). */
public final class ChargeMode {
    public static final String PREPAID_BY_DURATION = "prepaid_by_duration";
    public static final String POSTPAID_BY_DURATION = "postpaid_by_duration";
    public static final String POSTPAID_BY_USAGE = "postpaid_by_usage";

    private ChargeMode() {
    }

    public static boolean isPrepaid(String mode) {
        return PREPAID_BY_DURATION.equals(mode);
    }
}
