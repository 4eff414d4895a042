package nc.network.eip;

/** How an elastic IP is billed; later members (autoRenew, buyScenario...) are accepted and ignored. */
public record ChargeSpec(String chargeMode, String chargeUnit, Integer chargeDuration) {
}
