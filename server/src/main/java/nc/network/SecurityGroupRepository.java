package nc.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for security groups and their rules. */
final class SecurityGroupRepository {
    private static final RowMapper<SecurityGroup> GROUP = (rs, ctx) -> new SecurityGroup(rs.getString("security_group_id"),
            rs.getString("account_id"), rs.getString("region_id"), rs.getString("vpc_id"), rs.getString("name"),
            rs.getString("description"), Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    private static final RowMapper<SecurityGroupRule> RULE = (rs, ctx) -> new SecurityGroupRule(rs.getString("rule_id"),
            rs.getString("security_group_id"), rs.getInt("direction"), rs.getInt("protocol"), rs.getString("address_prefix"),
            rs.getInt("from_port"), rs.getInt("to_port"), rs.getString("description"), rs.getInt("priority"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    /** Ingress first, each direction in creation order (docs/api/vpc-disk.md §2.2). */
    private static final String RULE_ORDER = " ORDER BY direction, position, created_at_ms, rule_id";

    void insert(Handle h, SecurityGroup g) {
        h.createUpdate("INSERT INTO security_groups (security_group_id, account_id, region_id, vpc_id, name, description,"
                        + " created_at_ms) VALUES (:id, :account, :region, :vpc, :name, :description, :created)")
                .bind("id", g.securityGroupId()).bind("account", g.accountId()).bind("region", g.regionId())
                .bind("vpc", g.vpcId()).bind("name", g.name()).bind("description", g.description())
                .bind("created", g.createdAt().toEpochMilli())
                .execute();
    }

    Optional<SecurityGroup> find(Handle h, String account, String region, String groupId) {
        return h.createQuery("SELECT * FROM security_groups WHERE security_group_id = :id AND account_id = :account"
                        + " AND region_id = :region")
                .bind("id", groupId).bind("account", account).bind("region", region).map(GROUP).findOne();
    }

    List<SecurityGroup> byIds(Handle h, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM security_groups WHERE security_group_id IN (<ids>)")
                .bindList("ids", List.copyOf(ids)).map(GROUP).list();
    }

    /** The account's groups in the region, newest first, then by id. */
    List<SecurityGroup> list(Handle h, String account, String region) {
        return h.createQuery("SELECT * FROM security_groups WHERE account_id = :account AND region_id = :region"
                        + " ORDER BY created_at_ms DESC, security_group_id")
                .bind("account", account).bind("region", region).map(GROUP).list();
    }

    List<SecurityGroup> ofVpc(Handle h, String vpcId) {
        return h.createQuery("SELECT * FROM security_groups WHERE vpc_id = :vpc ORDER BY created_at_ms, security_group_id")
                .bind("vpc", vpcId).map(GROUP).list();
    }

    long countOfVpc(Handle h, String vpcId) {
        return h.createQuery("SELECT COUNT(*) FROM security_groups WHERE vpc_id = :vpc").bind("vpc", vpcId).mapTo(Long.class).one();
    }

    /** Deletes the group and its rules. */
    void delete(Handle h, String groupId) {
        h.createUpdate("DELETE FROM security_group_rules WHERE security_group_id = :id").bind("id", groupId).execute();
        h.createUpdate("DELETE FROM security_groups WHERE security_group_id = :id").bind("id", groupId).execute();
    }

    // ---- rules ----------------------------------------------------------------------------------

    void insert(Handle h, SecurityGroupRule r, int position) {
        h.createUpdate("INSERT INTO security_group_rules (rule_id, security_group_id, direction, protocol, address_prefix,"
                        + " from_port, to_port, description, priority, position, created_at_ms) VALUES (:id, :group, :direction,"
                        + " :protocol, :prefix, :from, :to, :description, :priority, :position, :created)")
                .bind("id", r.ruleId()).bind("group", r.securityGroupId()).bind("direction", r.direction())
                .bind("protocol", r.protocol()).bind("prefix", r.addressPrefix()).bind("from", r.fromPort())
                .bind("to", r.toPort()).bind("description", r.description()).bind("priority", r.priority())
                .bind("position", position).bind("created", r.createdAt().toEpochMilli())
                .execute();
    }

    /** Everything but the direction, the position and the creation time can change. */
    void update(Handle h, SecurityGroupRule r) {
        h.createUpdate("UPDATE security_group_rules SET protocol = :protocol, address_prefix = :prefix, from_port = :from,"
                        + " to_port = :to, description = :description, priority = :priority WHERE rule_id = :id")
                .bind("id", r.ruleId()).bind("protocol", r.protocol()).bind("prefix", r.addressPrefix())
                .bind("from", r.fromPort()).bind("to", r.toPort()).bind("description", r.description())
                .bind("priority", r.priority())
                .execute();
    }

    void deleteRules(Handle h, Collection<String> ruleIds) {
        if (!ruleIds.isEmpty()) {
            h.createUpdate("DELETE FROM security_group_rules WHERE rule_id IN (<ids>)").bindList("ids", List.copyOf(ruleIds)).execute();
        }
    }

    List<SecurityGroupRule> rules(Handle h, String groupId) {
        return h.createQuery("SELECT * FROM security_group_rules WHERE security_group_id = :id" + RULE_ORDER)
                .bind("id", groupId).map(RULE).list();
    }

    /** The rules of each group, in list order. */
    Map<String, List<SecurityGroupRule>> rules(Handle h, Collection<String> groupIds) {
        Map<String, List<SecurityGroupRule>> out = new LinkedHashMap<>();
        groupIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (!groupIds.isEmpty()) {
            h.createQuery("SELECT * FROM security_group_rules WHERE security_group_id IN (<ids>)" + RULE_ORDER)
                    .bindList("ids", List.copyOf(groupIds)).map(RULE)
                    .forEach(r -> out.get(r.securityGroupId()).add(r));
        }
        return out;
    }

    int nextPosition(Handle h, String groupId) {
        return h.createQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM security_group_rules WHERE security_group_id = :id")
                .bind("id", groupId).mapTo(Integer.class).one();
    }

    Optional<String> vpcOf(Handle h, String groupId) {
        return h.createQuery("SELECT vpc_id FROM security_groups WHERE security_group_id = :g")
                .bind("g", groupId).mapTo(String.class).findOne();
    }
}
