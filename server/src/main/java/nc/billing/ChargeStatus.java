package nc.billing;

/** normal; overdue = prepaid and expired; arrear = postpaid in arrears (docs/api/nc.md Charge). */
public final class ChargeStatus {
    public static final String NORMAL = "normal";
    public static final String OVERDUE = "overdue";
    public static final String ARREAR = "arrear";

    private ChargeStatus() {
    }

    public static boolean isValid(String status) {
        return NORMAL.equals(status) || OVERDUE.equals(status) || ARREAR.equals(status);
    }
}
