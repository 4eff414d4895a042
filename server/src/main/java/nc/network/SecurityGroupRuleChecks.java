package nc.network;

import static nc.error.ServiceException.invalid;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** The rule model of docs/api/vpc-disk.md §2.4: each rule input checked, defaulted and normalised; S7 duplicates. */
final class SecurityGroupRuleChecks {
    private static final Set<Integer> PROTOCOLS = Set.of(SecurityGroupRule.ALL_PROTOCOLS, SecurityGroupRule.TCP,
            SecurityGroupRule.UDP, SecurityGroupRule.ICMP);
    private static final int DEFAULT_PRIORITY = 100;

    private SecurityGroupRuleChecks() {
    }

    /** An addNetworkSecurityGroupRules entry as the rule it creates (no id, group or time yet). */
    static SecurityGroupRule fromSpec(String field, SecurityGroupRuleSpec s) {
        if (s == null) {
            throw invalid(field, "must not be null");
        }
        Integer direction = integral(field + ".direction", s.direction());
        if (direction == null) {
            throw invalid(field + ".direction", "required: 0 (ingress) or 1 (egress)");
        }
        if (direction != SecurityGroupRule.INGRESS && direction != SecurityGroupRule.EGRESS) {
            throw invalid(field + ".direction", "must be 0 (ingress) or 1 (egress)");
        }
        Integer protocol = integral(field + ".protocol", s.protocol());
        if (protocol == null) {
            throw invalid(field + ".protocol", "required: 300 (all), 6 (TCP), 17 (UDP) or 1 (ICMP)");
        }
        checkProtocol(field + ".protocol", protocol);
        String prefix = AddressRules.rulePrefix(field + ".addressPrefix", s.addressPrefix()).toString();
        Ports ports = ports(field, protocol, integral(field + ".fromPort", s.fromPort()),
                integral(field + ".toPort", s.toPort()), new Ports(1, 65535));
        String description = TextRules.description(field + ".description", s.description());
        checkAction(field + ".ruleAction", s.ruleAction());
        int priority = priority(field + ".priority", s.priority(), DEFAULT_PRIORITY);
        return new SecurityGroupRule(null, null, direction, protocol, prefix, ports.from, ports.to, description, priority, null);
    }

    /** The rule after a modifyNetworkSecurityGroupRules entry: absent members keep their value. */
    static SecurityGroupRule merge(String field, SecurityGroupRule old, SecurityGroupRuleChange c) {
        Integer given = integral(field + ".protocol", c.protocol());
        int protocol = given == null ? old.protocol() : given;
        checkProtocol(field + ".protocol", protocol);
        String prefix = c.addressPrefix() == null ? old.addressPrefix()
                : AddressRules.rulePrefix(field + ".addressPrefix", c.addressPrefix()).toString();
        // A protocol that becomes TCP/UDP starts from the whole port range; one that keeps its ports keeps them.
        boolean keepsPorts = protocol == old.protocol() && SecurityGroupRule.hasPorts(old.protocol());
        Ports defaults = keepsPorts ? new Ports(old.fromPort(), old.toPort()) : new Ports(1, 65535);
        Ports ports = ports(field, protocol, integral(field + ".fromPort", c.fromPort()), integral(field + ".toPort", c.toPort()),
                defaults);
        String description = c.description() == null ? old.description() : TextRules.description(field + ".description", c.description());
        checkAction(field + ".ruleAction", c.ruleAction());
        int priority = priority(field + ".priority", c.priority(), old.priority());
        return new SecurityGroupRule(old.ruleId(), old.securityGroupId(), old.direction(), protocol, prefix, ports.from, ports.to,
                description, priority, old.createdAt());
    }

    /** S7: no two rules of the set match the same traffic; {@code fields} names each rule's entry (null for a kept rule). */
    static void noDuplicates(List<SecurityGroupRule> rules, List<String> fields) {
        for (int i = 0; i < rules.size(); i++) {
            for (int j = 0; j < i; j++) {
                SecurityGroupRule a = rules.get(j);
                SecurityGroupRule b = rules.get(i);
                if (a.sameTraffic(b) && (fields.get(i) != null || fields.get(j) != null)) {
                    String field = fields.get(i) != null ? fields.get(i) : fields.get(j);
                    String other = fields.get(i) != null ? (fields.get(j) != null ? fields.get(j) : "rule " + a.ruleId())
                            : "rule " + b.ruleId();
                    throw invalid(field, "the same rule as " + other + " (direction " + b.direction() + ", protocol "
                            + b.protocol() + ", " + b.addressPrefix() + ", ports " + b.fromPort() + "-" + b.toPort() + ")");
                }
            }
        }
    }

    private record Ports(int from, int to) {
    }

    /** TCP/UDP: 1–65535 and from ≤ to; other protocols: 0 whatever was sent. */
    private static Ports ports(String field, int protocol, Integer from, Integer to, Ports defaults) {
        if (!SecurityGroupRule.hasPorts(protocol)) {
            return new Ports(0, 0);
        }
        int f = from == null ? defaults.from : from;
        int t = to == null ? defaults.to : to;
        if (f < 1 || f > 65535) {
            throw invalid(field + ".fromPort", "must be in [1, 65535] for TCP and UDP");
        }
        if (t < 1 || t > 65535) {
            throw invalid(field + ".toPort", "must be in [1, 65535] for TCP and UDP");
        }
        if (f > t) {
            throw invalid(field + ".fromPort", "must not be greater than toPort (" + f + " > " + t + ")");
        }
        return new Ports(f, t);
    }

    private static void checkProtocol(String field, int protocol) {
        if (!PROTOCOLS.contains(protocol)) {
            throw invalid(field, "must be 300 (all), 6 (TCP), 17 (UDP) or 1 (ICMP)");
        }
    }

    private static void checkAction(String field, String action) {
        if (action != null && !action.equals("allow")) {
            throw invalid(field, "only allow is supported: security group rules only allow traffic");
        }
    }

    private static int priority(String field, BigDecimal value, int defaultValue) {
        Integer priority = integral(field, value);
        if (priority == null) {
            return defaultValue;
        }
        if (priority < 1 || priority > 100) {
            throw invalid(field, "must be in [1, 100]");
        }
        return priority;
    }

    /** §1.4: Number fields accept any JSON number with an integral value (6 and 6.0). */
    private static Integer integral(String field, BigDecimal value) {
        if (value == null) {
            return null;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw invalid(field, "must be an integer");
        }
    }
}
