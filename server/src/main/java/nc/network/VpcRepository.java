package nc.network;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for VPCs. */
final class VpcRepository {
    private static final RowMapper<Vpc> VPC = (rs, ctx) -> new Vpc(rs.getString("vpc_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("name"), rs.getString("cidr"), rs.getString("description"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));

    void insert(Handle h, Vpc v) {
        h.createUpdate("INSERT INTO vpcs (vpc_id, account_id, region_id, name, cidr, description, created_at_ms)"
                        + " VALUES (:id, :account, :region, :name, :cidr, :description, :created)")
                .bind("id", v.vpcId()).bind("account", v.accountId()).bind("region", v.regionId()).bind("name", v.name())
                .bind("cidr", v.cidr()).bind("description", v.description()).bind("created", v.createdAt().toEpochMilli())
                .execute();
    }

    Optional<Vpc> find(Handle h, String account, String region, String vpcId) {
        return h.createQuery("SELECT * FROM vpcs WHERE vpc_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", vpcId).bind("account", account).bind("region", region).map(VPC).findOne();
    }

    Optional<Vpc> findById(Handle h, String vpcId) {
        return h.createQuery("SELECT * FROM vpcs WHERE vpc_id = :id").bind("id", vpcId).map(VPC).findOne();
    }

    /** Every VPC of every account: the datapath's whole wanted inventory. */
    List<String> allIds(Handle h) {
        return h.createQuery("SELECT vpc_id FROM vpcs").mapTo(String.class).list();
    }

    /** The account's VPCs in the region, newest first, then by id. */
    List<Vpc> list(Handle h, String account, String region) {
        return h.createQuery("SELECT * FROM vpcs WHERE account_id = :account AND region_id = :region"
                        + " ORDER BY created_at_ms DESC, vpc_id")
                .bind("account", account).bind("region", region).map(VPC).list();
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM vpcs WHERE account_id = :account AND region_id = :region")
                .bind("account", account).bind("region", region).mapTo(Long.class).one();
    }

    void delete(Handle h, String vpcId) {
        h.createUpdate("DELETE FROM vpcs WHERE vpc_id = :id").bind("id", vpcId).execute();
    }
}
