package nc.account;

/** The operator's changes to an account; null members stay as they are. */
public record AccountChanges(
        Boolean disabled,
        Boolean realNameVerified,
        Boolean blacklisted,
        Integer containerLimit,
        Integer secretLimit) {
}
