package nc.network;

import java.math.BigDecimal;

/**
 * One entry of addNetworkSecurityGroupRules (§2.4). The numbers are typed Number in the vendor's
 * models: any JSON number with an integral value is accepted (6 and 6.0, §1.4).
 */
public record SecurityGroupRuleSpec(BigDecimal direction, BigDecimal protocol, String addressPrefix, BigDecimal fromPort,
        BigDecimal toPort, String description, String ruleAction, BigDecimal priority) {

    public static SecurityGroupRuleSpec of(int direction, int protocol, String addressPrefix, Integer fromPort, Integer toPort,
            String description) {
        return new SecurityGroupRuleSpec(BigDecimal.valueOf(direction), BigDecimal.valueOf(protocol), addressPrefix,
                fromPort == null ? null : BigDecimal.valueOf(fromPort), toPort == null ? null : BigDecimal.valueOf(toPort),
                description, null, null);
    }
}
