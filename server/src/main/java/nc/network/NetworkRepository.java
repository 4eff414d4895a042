package nc.network;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for VPCs, subnets, security groups and held addresses. */
final class NetworkRepository {
    static final RowMapper<Vpc> VPC = (rs, ctx) -> new Vpc(rs.getString("vpc_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("name"), rs.getString("cidr"), rs.getString("description"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    static final RowMapper<Subnet> SUBNET = (rs, ctx) -> new Subnet(rs.getString("subnet_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("vpc_id"), rs.getString("name"), rs.getString("cidr"),
            rs.getString("description"), Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    static final RowMapper<SecurityGroup> GROUP = (rs, ctx) -> new SecurityGroup(rs.getString("security_group_id"),
            rs.getString("account_id"), rs.getString("region_id"), rs.getString("vpc_id"), rs.getString("name"),
            rs.getString("description"), Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    static final RowMapper<SecurityGroupRule> RULE = (rs, ctx) -> new SecurityGroupRule(rs.getString("rule_id"),
            rs.getString("security_group_id"), rs.getInt("direction"), rs.getInt("protocol"), rs.getString("address_prefix"),
            rs.getInt("from_port"), rs.getInt("to_port"), rs.getString("description"), rs.getInt("priority"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));

    void insert(Handle h, Vpc v) {
        h.createUpdate("INSERT INTO vpcs (vpc_id, account_id, region_id, name, cidr, description, created_at_ms)"
                        + " VALUES (:id, :account, :region, :name, :cidr, :description, :created)")
                .bind("id", v.vpcId()).bind("account", v.accountId()).bind("region", v.regionId()).bind("name", v.name())
                .bind("cidr", v.cidr()).bind("description", v.description()).bind("created", v.createdAt().toEpochMilli())
                .execute();
    }

    void insert(Handle h, Subnet s) {
        h.createUpdate("INSERT INTO subnets (subnet_id, account_id, region_id, vpc_id, name, cidr, description, created_at_ms)"
                        + " VALUES (:id, :account, :region, :vpc, :name, :cidr, :description, :created)")
                .bind("id", s.subnetId()).bind("account", s.accountId()).bind("region", s.regionId()).bind("vpc", s.vpcId())
                .bind("name", s.name()).bind("cidr", s.cidr()).bind("description", s.description())
                .bind("created", s.createdAt().toEpochMilli())
                .execute();
    }

    void insert(Handle h, SecurityGroup g) {
        h.createUpdate("INSERT INTO security_groups (security_group_id, account_id, region_id, vpc_id, name, description,"
                        + " created_at_ms) VALUES (:id, :account, :region, :vpc, :name, :description, :created)")
                .bind("id", g.securityGroupId()).bind("account", g.accountId()).bind("region", g.regionId())
                .bind("vpc", g.vpcId()).bind("name", g.name()).bind("description", g.description())
                .bind("created", g.createdAt().toEpochMilli())
                .execute();
    }

    void insert(Handle h, SecurityGroupRule r) {
        h.createUpdate("INSERT INTO security_group_rules (rule_id, security_group_id, direction, protocol, address_prefix,"
                        + " from_port, to_port, description, priority, created_at_ms) VALUES (:id, :group, :direction,"
                        + " :protocol, :prefix, :from, :to, :description, :priority, :created)")
                .bind("id", r.ruleId()).bind("group", r.securityGroupId()).bind("direction", r.direction())
                .bind("protocol", r.protocol()).bind("prefix", r.addressPrefix()).bind("from", r.fromPort())
                .bind("to", r.toPort()).bind("description", r.description()).bind("priority", r.priority())
                .bind("created", r.createdAt().toEpochMilli())
                .execute();
    }

    Optional<Vpc> vpc(Handle h, String account, String region, String vpcId) {
        return h.createQuery("SELECT * FROM vpcs WHERE vpc_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", vpcId).bind("account", account).bind("region", region).map(VPC).findOne();
    }

    Optional<Subnet> subnet(Handle h, String account, String region, String subnetId) {
        return h.createQuery("SELECT * FROM subnets WHERE subnet_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", subnetId).bind("account", account).bind("region", region).map(SUBNET).findOne();
    }

    Optional<Subnet> subnetById(Handle h, String subnetId) {
        return h.createQuery("SELECT * FROM subnets WHERE subnet_id = :id").bind("id", subnetId).map(SUBNET).findOne();
    }

    List<Subnet> subnetsOfVpc(Handle h, String vpcId) {
        return h.createQuery("SELECT * FROM subnets WHERE vpc_id = :vpc ORDER BY created_at_ms, subnet_id")
                .bind("vpc", vpcId).map(SUBNET).list();
    }

    Optional<SecurityGroup> group(Handle h, String account, String region, String groupId) {
        return h.createQuery("SELECT * FROM security_groups WHERE security_group_id = :id AND account_id = :account"
                        + " AND region_id = :region")
                .bind("id", groupId).bind("account", account).bind("region", region).map(GROUP).findOne();
    }

    List<SecurityGroup> groupsByIds(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM security_groups WHERE security_group_id IN (<ids>)")
                .bindList("ids", ids).map(GROUP).list();
    }

    List<SecurityGroupRule> rules(Handle h, String groupId) {
        return h.createQuery("SELECT * FROM security_group_rules WHERE security_group_id = :id"
                        + " ORDER BY direction, created_at_ms, rule_id")
                .bind("id", groupId).map(RULE).list();
    }

    List<Vpc> vpcsOf(Handle h, String account) {
        return h.createQuery("SELECT * FROM vpcs WHERE account_id = :account ORDER BY created_at_ms, vpc_id")
                .bind("account", account).map(VPC).list();
    }

    List<Subnet> subnetsOf(Handle h, String account) {
        return h.createQuery("SELECT * FROM subnets WHERE account_id = :account ORDER BY created_at_ms, subnet_id")
                .bind("account", account).map(SUBNET).list();
    }

    List<SecurityGroup> groupsOf(Handle h, String account) {
        return h.createQuery("SELECT * FROM security_groups WHERE account_id = :account ORDER BY created_at_ms, security_group_id")
                .bind("account", account).map(GROUP).list();
    }

    List<Long> heldAddresses(Handle h, String subnetId) {
        return h.createQuery("SELECT ip FROM ip_addresses WHERE subnet_id = :subnet").bind("subnet", subnetId)
                .mapTo(String.class).list().stream().map(ip -> Cidr.parseAddress(ip).orElseThrow()).toList();
    }

    void hold(Handle h, String subnetId, String ip, String containerId) {
        h.createUpdate("INSERT INTO ip_addresses (subnet_id, ip, container_id) VALUES (:subnet, :ip, :container)")
                .bind("subnet", subnetId).bind("ip", ip).bind("container", containerId).execute();
    }

    void release(Handle h, String containerId) {
        h.createUpdate("DELETE FROM ip_addresses WHERE container_id = :container").bind("container", containerId).execute();
    }

    boolean isHeld(Handle h, String subnetId, String ip) {
        return h.createQuery("SELECT COUNT(*) FROM ip_addresses WHERE subnet_id = :subnet AND ip = :ip")
                .bind("subnet", subnetId).bind("ip", ip).mapTo(Long.class).one() > 0;
    }
}
