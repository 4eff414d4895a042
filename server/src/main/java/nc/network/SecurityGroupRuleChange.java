package nc.network;

import java.math.BigDecimal;

/** One entry of modifyNetworkSecurityGroupRules: the rule and the members to change; absent ones keep their value. */
public record SecurityGroupRuleChange(String ruleId, BigDecimal protocol, String ruleAction, BigDecimal priority,
        BigDecimal fromPort, BigDecimal toPort, String addressPrefix, String description) {
}
