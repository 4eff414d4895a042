package nc.disk;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** SQL for disks, their attachments to containers and their tags. */
final class DiskRepository {
    private static final RowMapper<Disk> DISK = (rs, ctx) -> new Disk(rs.getString("disk_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("az"), rs.getString("name"), rs.getString("description"),
            rs.getString("disk_type"), rs.getInt("size_gb"), rs.getString("status"), rs.getString("fs_type"),
            rs.getString("charge_mode"), rs.getString("charge_status"),
            rs.getObject("charge_expire_ms") == null ? null : Instant.ofEpochMilli(rs.getLong("charge_expire_ms")),
            rs.getBoolean("multi_attachable"), Instant.ofEpochMilli(rs.getLong("created_at_ms")), rs.getString("snapshot_id"));
    private static final RowMapper<Attachment> ATTACHMENT = attachment("");
    /** The attachment columns of {@link #ATTACHED_COLUMNS}, prefixed: the disk's own columns keep their names. */
    private static final RowMapper<Attachment> JOINED_ATTACHMENT = attachment("a_");
    private static final String ATTACHED_COLUMNS = "SELECT d.*, a.disk_id AS a_disk_id, a.container_id AS a_container_id,"
            + " a.position AS a_position, a.mount_path AS a_mount_path, a.read_only AS a_read_only, a.auto_delete AS a_auto_delete,"
            + " a.fs_type AS a_fs_type, a.attached_at_ms AS a_attached_at_ms, a.attachment_id AS a_attachment_id"
            + " FROM disk_attachments a JOIN disks d ON d.disk_id = a.disk_id";
    private static final String OWNED = " WHERE account_id = :account AND region_id = :region";

    Optional<Disk> find(Handle h, String account, String region, String diskId) {
        return h.createQuery("SELECT * FROM disks" + OWNED + " AND disk_id = :id")
                .bind("id", diskId).bind("account", account).bind("region", region).map(DISK).findOne();
    }

    Optional<Disk> find(Handle h, String diskId) {
        return h.createQuery("SELECT * FROM disks WHERE disk_id = :id").bind("id", diskId).map(DISK).findOne();
    }

    void insert(Handle h, Disk disk) {
        h.createUpdate("INSERT INTO disks (disk_id, account_id, region_id, az, name, description, disk_type, size_gb, status,"
                        + " fs_type, charge_mode, charge_status, charge_expire_ms, multi_attachable, created_at_ms, snapshot_id)"
                        + " VALUES (:id, :account, :region, :az, :name, :description, :type, :size, :status, :fs, :mode,"
                        + " :chargeStatus, :expire, :multi, :created, :snapshot)")
                .bind("id", disk.diskId()).bind("account", disk.accountId()).bind("region", disk.regionId()).bind("az", disk.az())
                .bind("name", disk.name()).bind("description", disk.description()).bind("type", disk.diskType())
                .bind("size", disk.sizeGb()).bind("status", disk.status()).bind("fs", disk.fsType())
                .bind("mode", disk.chargeMode()).bind("chargeStatus", disk.chargeStatus())
                .bind("expire", disk.chargeExpiredTime() == null ? null : disk.chargeExpiredTime().toEpochMilli())
                .bind("multi", disk.multiAttachable()).bind("created", disk.createdAt().toEpochMilli())
                .bind("snapshot", disk.snapshotId())
                .execute();
    }

    void insertTags(Handle h, String diskId, List<Tag> tags) {
        for (int i = 0; i < tags.size(); i++) {
            h.createUpdate("INSERT INTO disk_tags (disk_id, position, tag_key, tag_value) VALUES (:disk, :position, :key, :value)")
                    .bind("disk", diskId).bind("position", i).bind("key", tags.get(i).key()).bind("value", tags.get(i).value())
                    .execute();
        }
    }

    void insertAttachment(Handle h, Attachment a) {
        h.createUpdate("INSERT INTO disk_attachments (disk_id, container_id, position, mount_path, read_only, auto_delete,"
                        + " fs_type, attached_at_ms, attachment_id) VALUES (:disk, :container, :position, :path, :ro, :auto, :fs,"
                        + " :at, :id)")
                .bind("disk", a.diskId()).bind("container", a.containerId()).bind("position", a.position())
                .bind("path", a.mountPath()).bind("ro", a.readOnly()).bind("auto", a.autoDelete()).bind("fs", a.fsType())
                .bind("at", a.attachedAt().toEpochMilli()).bind("id", a.attachmentId())
                .execute();
    }

    void deleteAttachment(Handle h, String diskId, String containerId) {
        h.createUpdate("DELETE FROM disk_attachments WHERE disk_id = :disk AND container_id = :c")
                .bind("disk", diskId).bind("c", containerId).execute();
    }

    /** The attachments of these containers, in one query, each container's in position order. */
    /**
     * The attached disks of these containers with their attachments, each container's in position
     * order: one query whatever the page size (a disk deleted meanwhile is simply not there).
     */
    List<AttachedDisk> attachedTo(Handle h, Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery(ATTACHED_COLUMNS + " WHERE a.container_id IN (<ids>) ORDER BY a.container_id, a.position")
                .bindList("ids", List.copyOf(containerIds))
                .map((rs, ctx) -> new AttachedDisk(DISK.map(rs, ctx), JOINED_ATTACHMENT.map(rs, ctx))).list();
    }

    /** The attachments of each of these disks (a disk without any maps to nothing). */
    Map<String, List<Attachment>> attachmentsOfDisks(Handle h, Collection<String> diskIds) {
        Map<String, List<Attachment>> out = new LinkedHashMap<>();
        if (!diskIds.isEmpty()) {
            h.createQuery("SELECT * FROM disk_attachments WHERE disk_id IN (<ids>) ORDER BY attached_at_ms, container_id")
                    .bindList("ids", List.copyOf(diskIds)).map(ATTACHMENT)
                    .forEach(a -> out.computeIfAbsent(a.diskId(), k -> new java.util.ArrayList<>()).add(a));
        }
        return out;
    }

    /** The tags of each of these disks, in the order given at create. */
    Map<String, List<Tag>> tagsOf(Handle h, Collection<String> diskIds) {
        Map<String, List<Tag>> out = new LinkedHashMap<>();
        if (!diskIds.isEmpty()) {
            h.createQuery("SELECT disk_id, tag_key, tag_value FROM disk_tags WHERE disk_id IN (<ids>) ORDER BY disk_id, position")
                    .bindList("ids", List.copyOf(diskIds))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new Tag(rs.getString(2), rs.getString(3))))
                    .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        }
        return out;
    }

    void setStatus(Handle h, String diskId, String status) {
        h.createUpdate("UPDATE disks SET status = :status WHERE disk_id = :id").bind("status", status).bind("id", diskId).execute();
    }

    /** Moves the disk to {@code to} only if it is in one of {@code from}; false when it was not. */
    boolean transition(Handle h, String diskId, Set<String> from, String to) {
        return h.createUpdate("UPDATE disks SET status = :to WHERE disk_id = :id AND status IN (<from>)")
                .bind("to", to).bind("id", diskId).bindList("from", List.copyOf(from)).execute() > 0;
    }

    void setCharge(Handle h, String diskId, String chargeStatus, Instant expiry, boolean setExpiry) {
        h.createUpdate("UPDATE disks SET charge_status = COALESCE(:status, charge_status)"
                        + (setExpiry ? ", charge_expire_ms = :expiry" : "") + " WHERE disk_id = :id")
                .bind("status", chargeStatus).bind("expiry", expiry == null ? null : expiry.toEpochMilli())
                .bind("id", diskId).execute();
    }

    void delete(Handle h, String diskId) {
        h.createUpdate("DELETE FROM disk_tags WHERE disk_id = :id").bind("id", diskId).execute();
        h.createUpdate("DELETE FROM disks WHERE disk_id = :id").bind("id", diskId).execute();
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM disks" + OWNED).bind("account", account).bind("region", region)
                .mapTo(Long.class).one();
    }

    /** Disks in this status with no container attached: the work a previous run left unfinished. */
    List<Disk> unattachedIn(Handle h, String status) {
        return h.createQuery("SELECT * FROM disks d WHERE status = :status"
                        + " AND NOT EXISTS (SELECT 1 FROM disk_attachments a WHERE a.disk_id = d.disk_id)")
                .bind("status", status).map(DISK).list();
    }

    /** A page of the account's disks in the region matching the query, in its order, and the total. */
    PageOf list(Handle h, String account, String region, DiskQuery query, long offset, int limit) {
        Query count = query.bind(h.createQuery("SELECT COUNT(*) FROM disks d" + OWNED + query.where()))
                .bind("account", account).bind("region", region);
        long total = count.mapTo(Long.class).one();
        Query page = query.bind(h.createQuery("SELECT * FROM disks d" + OWNED + query.where() + query.orderBy()
                        + " LIMIT :limit OFFSET :offset"))
                .bind("account", account).bind("region", region).bind("limit", limit).bind("offset", offset);
        return new PageOf(page.map(DISK).list(), total);
    }

    record PageOf(List<Disk> items, long total) {
    }

    private static RowMapper<Attachment> attachment(String prefix) {
        return (rs, ctx) -> new Attachment(rs.getString(prefix + "disk_id"), rs.getString(prefix + "container_id"),
                rs.getInt(prefix + "position"), rs.getString(prefix + "mount_path"), rs.getBoolean(prefix + "read_only"),
                rs.getBoolean(prefix + "auto_delete"), rs.getString(prefix + "fs_type"),
                Instant.ofEpochMilli(rs.getLong(prefix + "attached_at_ms")), rs.getString(prefix + "attachment_id"));
    }
}
