package nc.disk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nc.common.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Cloud disks as containers use them: created with a container, attached, released. */
public final class DiskService {
    private static final RowMapper<Disk> DISK = (rs, ctx) -> new Disk(rs.getString("disk_id"), rs.getString("account_id"),
            rs.getString("region_id"), rs.getString("az"), rs.getString("name"), rs.getString("description"),
            rs.getString("disk_type"), rs.getInt("size_gb"), rs.getString("status"), rs.getString("fs_type"),
            rs.getString("charge_mode"), rs.getString("charge_status"),
            rs.getObject("charge_expire_ms") == null ? null : Instant.ofEpochMilli(rs.getLong("charge_expire_ms")),
            rs.getBoolean("multi_attachable"), Instant.ofEpochMilli(rs.getLong("created_at_ms")));
    private static final RowMapper<Attachment> ATTACHMENT = (rs, ctx) -> new Attachment(rs.getString("disk_id"),
            rs.getString("container_id"), rs.getInt("position"), rs.getString("mount_path"), rs.getBoolean("read_only"),
            rs.getBoolean("auto_delete"), rs.getString("fs_type"), Instant.ofEpochMilli(rs.getLong("attached_at_ms")));

    private final Clock clock;

    public DiskService(Clock clock) {
        this.clock = clock;
    }

    public Optional<Disk> find(Handle h, String account, String region, String diskId) {
        return h.createQuery("SELECT * FROM disks WHERE disk_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", diskId).bind("account", account).bind("region", region).map(DISK).findOne();
    }

    /** A new disk, in use by the container from the start. */
    public Disk createAttached(Handle h, NewAttachedDisk spec) {
        Disk disk = new Disk(Ids.resource("vol-"), spec.accountId(), spec.regionId(), spec.az(), spec.name(), spec.description(),
                spec.diskType(), spec.sizeGb(), Disk.IN_USE, spec.fsType(), spec.chargeMode(), "normal", spec.chargeExpiredTime(),
                false, clock.instant());
        h.createUpdate("INSERT INTO disks (disk_id, account_id, region_id, az, name, description, disk_type, size_gb, status,"
                        + " fs_type, charge_mode, charge_status, charge_expire_ms, multi_attachable, created_at_ms) VALUES (:id,"
                        + " :account, :region, :az, :name, :description, :type, :size, :status, :fs, :mode, :chargeStatus, :expire,"
                        + " :multi, :created)")
                .bind("id", disk.diskId()).bind("account", disk.accountId()).bind("region", disk.regionId()).bind("az", disk.az())
                .bind("name", disk.name()).bind("description", disk.description()).bind("type", disk.diskType())
                .bind("size", disk.sizeGb()).bind("status", disk.status()).bind("fs", disk.fsType())
                .bind("mode", disk.chargeMode()).bind("chargeStatus", disk.chargeStatus())
                .bind("expire", disk.chargeExpiredTime() == null ? null : disk.chargeExpiredTime().toEpochMilli())
                .bind("multi", disk.multiAttachable()).bind("created", disk.createdAt().toEpochMilli())
                .execute();
        attach(h, disk.diskId(), spec.mount());
        return disk;
    }

    /** An existing available disk becomes in-use by the container. */
    public void attachExisting(Handle h, Disk disk, Mount mount) {
        h.createUpdate("UPDATE disks SET status = :status WHERE disk_id = :id").bind("status", Disk.IN_USE)
                .bind("id", disk.diskId()).execute();
        attach(h, disk.diskId(), mount);
    }

    private void attach(Handle h, String diskId, Mount m) {
        h.createUpdate("INSERT INTO disk_attachments (disk_id, container_id, position, mount_path, read_only, auto_delete,"
                        + " fs_type, attached_at_ms) VALUES (:disk, :container, :position, :path, :ro, :auto, :fs, :at)")
                .bind("disk", diskId).bind("container", m.containerId()).bind("position", m.position())
                .bind("path", m.mountPath()).bind("ro", m.readOnly()).bind("auto", m.autoDelete()).bind("fs", m.fsType())
                .bind("at", clock.instant().toEpochMilli())
                .execute();
    }

    public List<AttachedDisk> attachedTo(Handle h, String containerId) {
        List<Attachment> attachments = h.createQuery("SELECT * FROM disk_attachments WHERE container_id = :c ORDER BY position")
                .bind("c", containerId).map(ATTACHMENT).list();
        List<AttachedDisk> out = new ArrayList<>();
        for (Attachment a : attachments) {
            Disk disk = h.createQuery("SELECT * FROM disks WHERE disk_id = :id").bind("id", a.diskId()).map(DISK).one();
            out.add(new AttachedDisk(disk, a));
        }
        return out;
    }

    /**
     * Detaches every disk of the container: disks with effective autoDelete are deleted, the
     * others become available again. Returns the deleted disks, whose engine volumes go too.
     */
    public List<Disk> release(Handle h, String containerId) {
        List<Disk> deleted = new ArrayList<>();
        for (AttachedDisk d : attachedTo(h, containerId)) {
            h.createUpdate("DELETE FROM disk_attachments WHERE disk_id = :disk AND container_id = :c")
                    .bind("disk", d.disk().diskId()).bind("c", containerId).execute();
            if (d.effectiveAutoDelete()) {
                h.createUpdate("DELETE FROM disks WHERE disk_id = :id").bind("id", d.disk().diskId()).execute();
                deleted.add(d.disk());
            } else {
                h.createUpdate("UPDATE disks SET status = :status WHERE disk_id = :id").bind("status", Disk.AVAILABLE)
                        .bind("id", d.disk().diskId()).execute();
            }
        }
        return deleted;
    }

    /** Where and how a container mounts a disk. */
    public record Mount(String containerId, int position, String mountPath, boolean readOnly, boolean autoDelete, String fsType) {
    }

    /** A disk created with a container: it follows the container's charge (rule 29). */
    public record NewAttachedDisk(String accountId, String regionId, String az, String name, String description, String diskType,
            int sizeGb, String fsType, String chargeMode, Instant chargeExpiredTime, Mount mount) {
    }
}
