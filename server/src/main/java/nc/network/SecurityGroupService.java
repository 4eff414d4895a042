package nc.network;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Filter;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Security groups and their allow rules (docs/api/vpc-disk.md §2.4–§2.5). Rule calls are
 * all-or-nothing (S9): every entry is checked before anything changes.
 */
public final class SecurityGroupService {
    /** Told, after the commit, that a group's rules changed: its members' filters must follow (S6). */
    @FunctionalInterface
    public interface RulesChanged {
        void rulesChanged(String groupId);
    }

    private volatile RulesChanged rulesChanged = groupId -> {
    };

    public void onRulesChanged(RulesChanged listener) {
        this.rulesChanged = listener;
    }
    private static final int MAX_ENTRIES = 100;
    private final Jdbi jdbi;
    private final NetworkQuotas quotas;
    private final Clock clock;
    private final VpcRepository vpcs = new VpcRepository();
    private final SecurityGroupRepository groups = new SecurityGroupRepository();
    private final InterfaceRepository interfaces = new InterfaceRepository();

    public SecurityGroupService(Jdbi jdbi, NetworkQuotas quotas, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** A group without rules (S1): nothing in, nothing out until rules are added. Quota: groups per VPC. */
    public SecurityGroup create(String account, String region, CreateSecurityGroupRequest request) {
        if (request.vpcId() == null || request.vpcId().isEmpty()) {
            throw ServiceException.invalid("vpcId", "required");
        }
        String name = TextRules.name("networkSecurityGroupName", request.networkSecurityGroupName());
        String description = TextRules.description("description", request.description());
        TextRules.noResourceGroup("resourceGroupId", request.resourceGroupId());
        return jdbi.inTransaction(h -> {
            quotas.lock(h, account);
            Vpc vpc = vpcs.find(h, account, region, request.vpcId())
                    .orElseThrow(() -> ServiceException.notFound("vpc " + request.vpcId() + " not found"));
            quotas.check(h, account, NetworkQuota.SECURITY_GROUP_PER_VPC, "vpc " + vpc.vpcId(),
                    () -> groups.countOfVpc(h, vpc.vpcId()), 1);
            SecurityGroup group = new SecurityGroup(Ids.resource("sg-"), account, region, vpc.vpcId(), name, description,
                    clock.instant());
            groups.insert(h, group);
            return group;
        });
    }

    public SecurityGroupDetails describe(String account, String region, String groupId) {
        return jdbi.withHandle(h -> details(h, List.of(require(h, account, region, groupId))).get(0));
    }

    /** Filters networkSecurityGroupIds, networkSecurityGroupNames (exact, several values) and vpcId. */
    public List<SecurityGroupDetails> list(String account, String region, List<Filter> filters) {
        return jdbi.withHandle(h -> {
            List<SecurityGroup> matching = groups.list(h, account, region).stream()
                    .filter(g -> filters.stream().allMatch(f -> matches(f, g))).toList();
            return details(h, matching);
        });
    }

    private static boolean matches(Filter f, SecurityGroup g) {
        return switch (f.name()) {
            case "networkSecurityGroupIds" -> FilterMatch.exact(f, g.securityGroupId());
            case "networkSecurityGroupNames" -> FilterMatch.exact(f, g.name());
            case "vpcId" -> FilterMatch.exact(f, g.vpcId());
            default -> throw new IllegalArgumentException("unexpected filter " + f.name());
        };
    }

    /** Refused while any container interface uses the group; otherwise the group and its rules go. */
    public void delete(String account, String region, String groupId) {
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            require(h, account, region, groupId);
            int used = interfaces.ofGroups(h, List.of(groupId)).get(groupId).size();
            if (used > 0) {
                throw ServiceException.failedPrecondition("security group " + groupId + " is used by " + used
                        + (used == 1 ? " network interface" : " network interfaces") + "; delete the containers first");
            }
            groups.delete(h, groupId);
        });
    }

    /** Creates the rules in request order after every check: entries (400), duplicates S7 (400), count S8 (429). */
    public List<SecurityGroupRule> addRules(String account, String region, String groupId, List<SecurityGroupRuleSpec> specs) {
        String field = "networkSecurityGroupRuleSpecs";
        entries(field, specs);
        List<SecurityGroupRule> result = jdbi.inTransaction(h -> {
            quotas.lock(h, account);
            require(h, account, region, groupId);
            List<SecurityGroupRule> wanted = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                wanted.add(SecurityGroupRuleChecks.fromSpec(field + "[" + i + "]", specs.get(i)));
            }
            List<SecurityGroupRule> existing = groups.rules(h, groupId);
            List<SecurityGroupRule> all = new ArrayList<>(existing);
            List<String> fields = new ArrayList<>();
            existing.forEach(r -> fields.add(null));
            for (int i = 0; i < wanted.size(); i++) {
                all.add(wanted.get(i));
                fields.add(field + "[" + i + "]");
            }
            SecurityGroupRuleChecks.noDuplicates(all, fields);
            quotas.check(h, account, NetworkQuota.RULE_PER_SECURITY_GROUP, "security group " + groupId, existing::size,
                    wanted.size());
            Instant now = clock.instant();
            int position = groups.nextPosition(h, groupId);
            List<SecurityGroupRule> created = new ArrayList<>();
            for (SecurityGroupRule w : wanted) {
                SecurityGroupRule rule = new SecurityGroupRule(Ids.resource("sgr-"), groupId, w.direction(), w.protocol(),
                        w.addressPrefix(), w.fromPort(), w.toPort(), w.description(), w.priority(), now);
                groups.insert(h, rule, position++);
                created.add(rule);
            }
            return created;
        });
        rulesChanged.rulesChanged(groupId);
        return result;
    }

    /** Every id must be a rule of this group, else 404 for the whole call; a repeated id counts once. */
    public void removeRules(String account, String region, String groupId, List<String> ruleIds) {
        if (ruleIds == null || ruleIds.isEmpty()) {
            throw ServiceException.invalid("ruleIds", "required: at least one rule id");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < ruleIds.size(); i++) {
            if (ruleIds.get(i) == null || ruleIds.get(i).isEmpty()) {
                throw ServiceException.invalid("ruleIds[" + i + "]", "must be a rule id");
            }
            distinct.add(ruleIds.get(i));
        }
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            require(h, account, region, groupId);
            Set<String> present = new LinkedHashSet<>();
            groups.rules(h, groupId).forEach(r -> present.add(r.ruleId()));
            for (String id : distinct) {
                if (!present.contains(id)) {
                    throw ServiceException.notFound("rule " + id + " not found in security group " + groupId);
                }
            }
            groups.deleteRules(h, distinct);
        });
        rulesChanged.rulesChanged(groupId);
    }

    /** Each change merged into its rule, then §2.4 and S7 over the whole merged set. */
    public void modifyRules(String account, String region, String groupId, List<SecurityGroupRuleChange> changes) {
        String field = "modifySecurityGroupRuleSpecs";
        entries(field, changes);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            SecurityGroupRuleChange c = changes.get(i);
            if (c == null || c.ruleId() == null || c.ruleId().isEmpty()) {
                throw ServiceException.invalid(field + "[" + i + "].ruleId", "required");
            }
            if (!seen.add(c.ruleId())) {
                throw ServiceException.invalid(field + "[" + i + "].ruleId", "rule " + c.ruleId() + " appears twice");
            }
        }
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            require(h, account, region, groupId);
            Map<String, SecurityGroupRule> rules = new LinkedHashMap<>();
            groups.rules(h, groupId).forEach(r -> rules.put(r.ruleId(), r));
            for (SecurityGroupRuleChange c : changes) {
                if (!rules.containsKey(c.ruleId())) {
                    throw ServiceException.notFound("rule " + c.ruleId() + " not found in security group " + groupId);
                }
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                SecurityGroupRuleChange c = changes.get(i);
                String entry = field + "[" + i + "]";
                rules.put(c.ruleId(), SecurityGroupRuleChecks.merge(entry, rules.get(c.ruleId()), c));
                fields.put(c.ruleId(), entry);
            }
            List<SecurityGroupRule> merged = List.copyOf(rules.values());
            SecurityGroupRuleChecks.noDuplicates(merged, merged.stream().map(r -> fields.get(r.ruleId())).toList());
            for (SecurityGroupRuleChange c : changes) {
                groups.update(h, rules.get(c.ruleId()));
            }
        });
        rulesChanged.rulesChanged(groupId);
    }

    private static void entries(String field, List<?> entries) {
        if (entries == null || entries.isEmpty()) {
            throw ServiceException.invalid(field, "required: 1-" + MAX_ENTRIES + " entries");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw ServiceException.invalid(field, "at most " + MAX_ENTRIES + " entries");
        }
    }

    private SecurityGroup require(Handle h, String account, String region, String groupId) {
        return groups.find(h, account, region, groupId)
                .orElseThrow(() -> ServiceException.notFound("security group " + groupId + " not found"));
    }

    private List<SecurityGroupDetails> details(Handle h, List<SecurityGroup> list) {
        List<String> ids = list.stream().map(SecurityGroup::securityGroupId).toList();
        Map<String, List<SecurityGroupRule>> rules = groups.rules(h, ids);
        Map<String, List<String>> members = interfaces.ofGroups(h, ids);
        return list.stream().map(g -> new SecurityGroupDetails(g, rules.get(g.securityGroupId()),
                members.get(g.securityGroupId()))).toList();
    }
}
