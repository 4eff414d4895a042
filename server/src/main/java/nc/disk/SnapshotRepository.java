package nc.disk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for snapshots. The in-use status is derived: a disk made from the snapshot is still creating. */
final class SnapshotRepository {
    private static final RowMapper<Snapshot> SNAPSHOT = (rs, ctx) -> new Snapshot(rs.getString("snapshot_id"),
            rs.getString("account_id"), rs.getString("region_id"), rs.getString("disk_id"), rs.getString("name"),
            rs.getString("description"), rs.getInt("size_gb"), rs.getString("shown_status"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    private static final String SELECT = "SELECT s.*, CASE WHEN s.status = '" + Snapshot.AVAILABLE + "' AND EXISTS"
            + " (SELECT 1 FROM disks d WHERE d.snapshot_id = s.snapshot_id AND d.status = '" + Disk.CREATING + "')"
            + " THEN '" + Snapshot.IN_USE + "' ELSE s.status END AS shown_status FROM snapshots s";

    Optional<Snapshot> find(Handle h, String account, String region, String snapshotId) {
        return h.createQuery(SELECT + " WHERE s.snapshot_id = :id AND s.account_id = :account AND s.region_id = :region")
                .bind("id", snapshotId).bind("account", account).bind("region", region).map(SNAPSHOT).findOne();
    }

    Optional<Snapshot> find(Handle h, String snapshotId) {
        return h.createQuery(SELECT + " WHERE s.snapshot_id = :id").bind("id", snapshotId).map(SNAPSHOT).findOne();
    }

    void insert(Handle h, Snapshot s) {
        h.createUpdate("INSERT INTO snapshots (snapshot_id, account_id, region_id, disk_id, name, description, size_gb, status,"
                        + " created_at_ms) VALUES (:id, :account, :region, :disk, :name, :description, :size, :status, :created)")
                .bind("id", s.snapshotId()).bind("account", s.accountId()).bind("region", s.regionId()).bind("disk", s.diskId())
                .bind("name", s.name()).bind("description", s.description()).bind("size", s.sizeGb()).bind("status", s.status())
                .bind("created", s.createdAt().toEpochMilli())
                .execute();
    }

    /** Moves the stored status to {@code to} only if it is one of {@code from}. */
    boolean transition(Handle h, String snapshotId, Set<String> from, String to) {
        return h.createUpdate("UPDATE snapshots SET status = :to WHERE snapshot_id = :id AND status IN (<from>)")
                .bind("to", to).bind("id", snapshotId).bindList("from", List.copyOf(from)).execute() > 0;
    }

    void delete(Handle h, String snapshotId) {
        h.createUpdate("DELETE FROM snapshots WHERE snapshot_id = :id").bind("id", snapshotId).execute();
    }

    boolean anyCreatingOf(Handle h, String diskId) {
        return h.createQuery("SELECT COUNT(*) FROM snapshots WHERE disk_id = :disk AND status = :status")
                .bind("disk", diskId).bind("status", Snapshot.CREATING).mapTo(Long.class).one() > 0;
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM snapshots WHERE account_id = :account AND region_id = :region")
                .bind("account", account).bind("region", region).mapTo(Long.class).one();
    }

    /** Ids of the snapshots whose stored status is this one (work to resume after a restart). */
    List<String> idsIn(Handle h, String status) {
        return h.createQuery("SELECT snapshot_id FROM snapshots WHERE status = :status").bind("status", status)
                .mapTo(String.class).list();
    }
}
