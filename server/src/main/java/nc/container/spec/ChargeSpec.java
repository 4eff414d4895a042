package nc.container.spec;

/** How a resource is billed; later members (autoRenew, buyScenario...) are accepted and ignored. */
public record ChargeSpec(String chargeMode, String chargeUnit, Integer chargeDuration) {
}
