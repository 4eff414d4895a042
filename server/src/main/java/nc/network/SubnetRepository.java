package nc.network;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for subnets. */
final class SubnetRepository {
    private static final RowMapper<Subnet> SUBNET = (rs, ctx) -> new Subnet(rs.getString("subnet_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("vpc_id"), rs.getString("name"), rs.getString("cidr"),
            rs.getString("description"), rs.getInt("ip_mask_len"), split(rs.getString("domain_names")),
            split(rs.getString("domain_name_servers")), Instant.ofEpochMilli(rs.getLong("created_at_ms")));

    void insert(Handle h, Subnet s) {
        h.createUpdate("INSERT INTO subnets (subnet_id, account_id, region_id, vpc_id, name, cidr, description, ip_mask_len,"
                        + " domain_names, domain_name_servers, created_at_ms) VALUES (:id, :account, :region, :vpc, :name,"
                        + " :cidr, :description, :ipMaskLen, :domainNames, :domainNameServers, :created)")
                .bind("id", s.subnetId()).bind("account", s.accountId()).bind("region", s.regionId()).bind("vpc", s.vpcId())
                .bind("name", s.name()).bind("cidr", s.cidr()).bind("description", s.description())
                .bind("ipMaskLen", s.ipMaskLen()).bind("domainNames", String.join(",", s.domainNames()))
                .bind("domainNameServers", String.join(",", s.domainNameServers()))
                .bind("created", s.createdAt().toEpochMilli())
                .execute();
    }

    Optional<Subnet> find(Handle h, String account, String region, String subnetId) {
        return h.createQuery("SELECT * FROM subnets WHERE subnet_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", subnetId).bind("account", account).bind("region", region).map(SUBNET).findOne();
    }

    Optional<Subnet> findById(Handle h, String subnetId) {
        return h.createQuery("SELECT * FROM subnets WHERE subnet_id = :id").bind("id", subnetId).map(SUBNET).findOne();
    }

    /** A VPC's subnets, oldest first. */
    List<Subnet> ofVpc(Handle h, String vpcId) {
        return h.createQuery("SELECT * FROM subnets WHERE vpc_id = :vpc ORDER BY created_at_ms, subnet_id")
                .bind("vpc", vpcId).map(SUBNET).list();
    }

    /** The account's subnets in the region, newest first, then by id. */
    List<Subnet> list(Handle h, String account, String region) {
        return h.createQuery("SELECT * FROM subnets WHERE account_id = :account AND region_id = :region"
                        + " ORDER BY created_at_ms DESC, subnet_id")
                .bind("account", account).bind("region", region).map(SUBNET).list();
    }

    void delete(Handle h, String subnetId) {
        h.createUpdate("DELETE FROM subnets WHERE subnet_id = :id").bind("id", subnetId).execute();
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
