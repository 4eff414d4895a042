package nc.network.eip;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nc.billing.Charge;
import nc.network.Cidr;
import org.jdbi.v3.core.Handle;

/** SQL for elastic IPs, their tags and bindings. */
final class ElasticIpRepository {

    void insert(Handle h, ElasticIp e) {
        ContainerInterface to = e.boundTo();
        h.createUpdate("INSERT INTO elastic_ips (elastic_ip_id, account_id, region_id, address, bandwidth_mbps, provider,"
                        + " charge_mode, charge_status, charge_start_ms, charge_expire_ms, container_id, nic_id, private_ip,"
                        + " made_with_container, created_at_ms) VALUES (:id, :account, :region, :address, :bandwidth, :provider,"
                        + " :chargeMode, :chargeStatus, :chargeStart, :chargeExpire, :container, :nic, :ip, :made, :created)")
                .bind("id", e.elasticIpId()).bind("account", e.accountId()).bind("region", e.regionId())
                .bind("address", e.address()).bind("bandwidth", e.bandwidthMbps()).bind("provider", e.provider())
                .bind("chargeMode", e.charge().chargeMode()).bind("chargeStatus", e.charge().chargeStatus())
                .bind("chargeStart", e.charge().chargeStartTime().toEpochMilli())
                .bind("chargeExpire", e.charge().chargeExpiredTime() == null ? null : e.charge().chargeExpiredTime().toEpochMilli())
                .bind("container", to == null ? null : to.containerId()).bind("nic", to == null ? null : to.networkInterfaceId())
                .bind("ip", to == null ? null : to.privateIpAddress()).bind("made", e.madeWithContainer())
                .bind("created", e.createdAt().toEpochMilli())
                .execute();
        for (int i = 0; i < e.tags().size(); i++) {
            h.createUpdate("INSERT INTO elastic_ip_tags (elastic_ip_id, position, tag_key, tag_value) VALUES (:id, :p, :k, :v)")
                    .bind("id", e.elasticIpId()).bind("p", i).bind("k", e.tags().get(i).key()).bind("v", e.tags().get(i).value())
                    .execute();
        }
    }

    Optional<ElasticIp> find(Handle h, String account, String region, String id) {
        return withTags(h, h.createQuery("SELECT * FROM elastic_ips WHERE elastic_ip_id = :id AND account_id = :account"
                        + " AND region_id = :region")
                .bind("id", id).bind("account", account).bind("region", region).map(ElasticIpRepository::row).list())
                .stream().findFirst();
    }

    /** The account's elastic IPs in the region, newest first, then by id. */
    List<ElasticIp> list(Handle h, String account, String region) {
        return withTags(h, h.createQuery("SELECT * FROM elastic_ips WHERE account_id = :account AND region_id = :region"
                        + " ORDER BY created_at_ms DESC, elastic_ip_id")
                .bind("account", account).bind("region", region).map(ElasticIpRepository::row).list());
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM elastic_ips WHERE account_id = :account AND region_id = :region")
                .bind("account", account).bind("region", region).mapTo(Long.class).one();
    }

    List<ElasticIp> boundTo(Handle h, String containerId) {
        return withTags(h, h.createQuery("SELECT * FROM elastic_ips WHERE container_id = :container")
                .bind("container", containerId).map(ElasticIpRepository::row).list());
    }

    List<ElasticIp> allBound(Handle h) {
        return h.createQuery("SELECT * FROM elastic_ips WHERE container_id IS NOT NULL").map(ElasticIpRepository::row).list();
    }

    /** The elastic IPs bound to these containers. */
    List<ElasticIp> boundToAny(Handle h, Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM elastic_ips WHERE container_id IN (<ids>)").bindList("ids", List.copyOf(containerIds))
                .map(ElasticIpRepository::row).list();
    }

    /** Every allocated address of the installation (addresses are unique across regions). */
    Set<Long> allocated(Handle h) {
        Set<Long> out = new HashSet<>();
        h.createQuery("SELECT address FROM elastic_ips").mapTo(String.class)
                .forEach(a -> out.add(Cidr.parseAddress(a).orElseThrow()));
        return out;
    }

    /** Serialises allocations until the transaction ends. */
    void lockAllocation(Handle h) {
        h.createQuery("SELECT setting_value FROM settings WHERE name = 'elastic_ip_allocation' FOR UPDATE").mapTo(String.class).one();
    }

    /** Binds only a free elastic IP; false when it is bound already. */
    boolean bind(Handle h, String id, ContainerInterface to) {
        return h.createUpdate("UPDATE elastic_ips SET container_id = :container, nic_id = :nic, private_ip = :ip"
                        + " WHERE elastic_ip_id = :id AND container_id IS NULL")
                .bind("id", id).bind("container", to.containerId()).bind("nic", to.networkInterfaceId())
                .bind("ip", to.privateIpAddress()).execute() > 0;
    }

    /** Unbinds it from that container; it then belongs to nobody's container, so it survives the container. */
    boolean unbind(Handle h, String id, String containerId) {
        return h.createUpdate("UPDATE elastic_ips SET container_id = NULL, nic_id = NULL, private_ip = NULL,"
                        + " made_with_container = FALSE WHERE elastic_ip_id = :id AND container_id = :container")
                .bind("id", id).bind("container", containerId).execute() > 0;
    }

    void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM elastic_ip_tags WHERE elastic_ip_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM elastic_ips WHERE elastic_ip_id = :id").bind("id", id).execute();
    }

    boolean setCharge(Handle h, String id, String status, Instant expiry, boolean setExpiry) {
        return h.createUpdate("UPDATE elastic_ips SET charge_status = COALESCE(:status, charge_status)"
                        + (setExpiry ? ", charge_expire_ms = :expiry" : "") + " WHERE elastic_ip_id = :id")
                .bind("status", status).bind("expiry", expiry == null ? null : expiry.toEpochMilli()).bind("id", id)
                .execute() > 0;
    }

    Optional<ElasticIp> findById(Handle h, String id) {
        return withTags(h, h.createQuery("SELECT * FROM elastic_ips WHERE elastic_ip_id = :id").bind("id", id)
                .map(ElasticIpRepository::row).list()).stream().findFirst();
    }

    private static ElasticIp row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        Object expire = rs.getObject("charge_expire_ms");
        Charge charge = new Charge(rs.getString("charge_mode"), rs.getString("charge_status"),
                Instant.ofEpochMilli(rs.getLong("charge_start_ms")), expire == null ? null : Instant.ofEpochMilli(rs.getLong("charge_expire_ms")));
        String container = rs.getString("container_id");
        ContainerInterface to = container == null ? null
                : new ContainerInterface(container, rs.getString("nic_id"), rs.getString("private_ip"));
        return new ElasticIp(rs.getString("elastic_ip_id"), rs.getString("account_id"), rs.getString("region_id"),
                rs.getString("address"), rs.getInt("bandwidth_mbps"), rs.getString("provider"), charge, to,
                rs.getBoolean("made_with_container"), List.of(), Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    }

    private static List<ElasticIp> withTags(Handle h, List<ElasticIp> list) {
        if (list.isEmpty()) {
            return list;
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        Collection<String> ids = list.stream().map(ElasticIp::elasticIpId).toList();
        h.createQuery("SELECT elastic_ip_id, tag_key, tag_value FROM elastic_ip_tags WHERE elastic_ip_id IN (<ids>)"
                        + " ORDER BY elastic_ip_id, position")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Tag(rs.getString(2), rs.getString(3))))
                .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return list.stream().map(e -> new ElasticIp(e.elasticIpId(), e.accountId(), e.regionId(), e.address(), e.bandwidthMbps(),
                e.provider(), e.charge(), e.boundTo(), e.madeWithContainer(), tags.getOrDefault(e.elasticIpId(), List.of()),
                e.createdAt())).toList();
    }
}
