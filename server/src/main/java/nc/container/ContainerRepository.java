package nc.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nc.billing.Charge;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** SQL for containers and their security-group links. */
final class ContainerRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every container row read carries its process: the reader is made once. */
    private static final ObjectReader PROCESS = JSON.readerFor(ProcessSpec.class);
    private static final RowMapper<Container> CONTAINER = (rs, ctx) -> new Container(
            rs.getString("container_id"), rs.getString("account_id"), rs.getString("region_id"), rs.getString("az"),
            rs.getString("name"), rs.getString("description"), ContainerStatus.valueOf(rs.getString("status")),
            rs.getString("reason"), rs.getString("instance_type"), rs.getString("image"), rs.getString("secret_name"),
            rs.getString("hostname"), rs.getBoolean("tty"), rs.getString("working_dir"), readProcess(rs.getString("process_json")),
            rs.getString("vpc_id"), rs.getString("subnet_id"), rs.getString("private_ip"), rs.getString("nic_id"),
            rs.getString("mac_address"), rs.getString("nic_description"), rs.getBoolean("sanity_check"),
            Instant.ofEpochMilli(rs.getLong("attach_time_ms")),
            new Charge(rs.getString("charge_mode"), rs.getString("charge_status"), Instant.ofEpochMilli(rs.getLong("charge_start_ms")),
                    rs.getObject("charge_expire_ms") == null ? null : Instant.ofEpochMilli(rs.getLong("charge_expire_ms"))),
            rs.getString("elastic_ip_id"), rs.getString("elastic_ip_address"), rs.getString("engine_id"),
            Instant.ofEpochMilli(rs.getLong("launch_time_ms")));

    private final Jdbi jdbi;

    ContainerRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Handle h, Container c, List<String> securityGroups) {
        h.createUpdate("INSERT INTO containers (container_id, account_id, region_id, az, name, description, status, reason,"
                        + " instance_type, image, secret_name, hostname, tty, working_dir, process_json, vpc_id, subnet_id,"
                        + " private_ip, nic_id, mac_address, nic_description, sanity_check, attach_time_ms, charge_mode,"
                        + " charge_status, charge_start_ms, charge_expire_ms, elastic_ip_id, elastic_ip_address, engine_id,"
                        + " launch_time_ms) VALUES (:id, :account, :region, :az, :name, :description, :status, :reason,"
                        + " :instanceType, :image, :secret, :hostname, :tty, :workingDir, :process, :vpc, :subnet, :ip, :nic, :mac,"
                        + " :nicDescription, :sanityCheck, :attachTime, :chargeMode, :chargeStatus, :chargeStart, :chargeExpire,"
                        + " :eipId, :eipAddress, :engineId, :launchTime)")
                .bind("id", c.containerId()).bind("account", c.accountId()).bind("region", c.regionId()).bind("az", c.az())
                .bind("name", c.name()).bind("description", c.description()).bind("status", c.status().name())
                .bind("reason", c.reason()).bind("instanceType", c.instanceType()).bind("image", c.image())
                .bind("secret", c.secret()).bind("hostname", c.hostname()).bind("tty", c.tty())
                .bind("workingDir", c.workingDir()).bind("process", writeProcess(c.process())).bind("vpc", c.vpcId())
                .bind("subnet", c.subnetId()).bind("ip", c.privateIp()).bind("nic", c.nicId()).bind("mac", c.macAddress())
                .bind("nicDescription", c.nicDescription()).bind("sanityCheck", c.sanityCheck())
                .bind("attachTime", c.attachTime().toEpochMilli()).bind("chargeMode", c.charge().chargeMode())
                .bind("chargeStatus", c.charge().chargeStatus()).bind("chargeStart", c.charge().chargeStartTime().toEpochMilli())
                .bind("chargeExpire", c.charge().chargeExpiredTime() == null ? null : c.charge().chargeExpiredTime().toEpochMilli())
                .bind("eipId", c.elasticIpId()).bind("eipAddress", c.elasticIpAddress()).bind("engineId", c.engineId())
                .bind("launchTime", c.launchTime().toEpochMilli())
                .execute();
        for (int i = 0; i < securityGroups.size(); i++) {
            h.createUpdate("INSERT INTO container_security_groups (container_id, security_group_id, position)"
                            + " VALUES (:c, :g, :p)")
                    .bind("c", c.containerId()).bind("g", securityGroups.get(i)).bind("p", i).execute();
        }
    }

    void insertTags(Handle h, String containerId, List<nc.disk.Tag> tags) {
        for (nc.disk.Tag t : tags) {
            h.createUpdate("INSERT INTO container_tags (container_id, tag_key, tag_value) VALUES (:c, :k, :v)")
                    .bind("c", containerId).bind("k", t.key()).bind("v", t.value()).execute();
        }
    }

    /** The tags of each container, by key. */
    Map<String, List<nc.disk.Tag>> tags(Handle h, Collection<String> containerIds) {
        Map<String, List<nc.disk.Tag>> out = new LinkedHashMap<>();
        if (containerIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT container_id, tag_key, tag_value FROM container_tags WHERE container_id IN (<ids>)"
                        + " ORDER BY container_id, tag_key")
                .bindList("ids", List.copyOf(containerIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), new nc.disk.Tag(rs.getString(2), rs.getString(3))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    Optional<Container> find(String account, String region, String containerId) {
        return jdbi.withHandle(h -> find(h, account, region, containerId));
    }

    Optional<Container> find(Handle h, String account, String region, String containerId) {
        return h.createQuery("SELECT * FROM containers WHERE container_id = :id AND account_id = :account AND region_id = :region")
                .bind("id", containerId).bind("account", account).bind("region", region).map(CONTAINER).findOne();
    }

    Optional<Container> find(String containerId) {
        return jdbi.withHandle(h -> find(h, containerId));
    }

    Optional<Container> find(Handle h, String containerId) {
        return h.createQuery("SELECT * FROM containers WHERE container_id = :id").bind("id", containerId)
                .map(CONTAINER).findOne();
    }

    List<Container> inStatuses(Collection<ContainerStatus> statuses) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM containers WHERE status IN (<statuses>)")
                .bindList("statuses", statuses.stream().map(Enum::name).toList()).map(CONTAINER).list());
    }

    /** The VPC's containers that are not being deleted: the interfaces its datapath carries. */
    List<Container> inVpc(String vpcId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM containers WHERE vpc_id = :vpc AND status <> :deleting")
                .bind("vpc", vpcId).bind("deleting", ContainerStatus.DELETING.name()).map(CONTAINER).list());
    }

    /** The private address of a running container of the VPC with this hostname (the earliest made, when several share it). */
    Optional<String> runningAddressOf(String vpcId, String hostname) {
        return jdbi.withHandle(h -> h.createQuery("SELECT private_ip FROM containers WHERE vpc_id = :vpc AND LOWER(hostname) = :name"
                        + " AND status = :running ORDER BY launch_time_ms, container_id")
                .bind("vpc", vpcId).bind("name", hostname.toLowerCase(java.util.Locale.ROOT)).bind("running", ContainerStatus.RUNNING.name())
                .mapTo(String.class).findFirst());
    }

    boolean exists(String containerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM containers WHERE container_id = :id")
                .bind("id", containerId).mapTo(Long.class).one() > 0);
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM containers WHERE account_id = :account AND region_id = :region")
                .bind("account", account).bind("region", region).mapTo(Long.class).one();
    }

    /** Moves the status only if it is still one of {@code from}; false when another transition won. */
    boolean transition(String containerId, Set<ContainerStatus> from, ContainerStatus to, String reason, boolean keepReason) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE containers SET status = :to"
                        + (keepReason ? "" : ", reason = :reason") + " WHERE container_id = :id AND status IN (<from>)")
                .bind("to", to.name()).bind("reason", reason).bind("id", containerId)
                .bindList("from", from.stream().map(Enum::name).toList()).execute()) > 0;
    }

    void setReason(String containerId, String reason) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE containers SET reason = :reason WHERE container_id = :id")
                .bind("reason", reason).bind("id", containerId).execute());
    }

    /**
     * From {@code from} to running, recording the engine container when one was made for it now
     * ({@code engineId} null keeps the one recorded): one commit on the way to running.
     */
    boolean running(String containerId, ContainerStatus from, String engineId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE containers SET status = :to, engine_id = COALESCE(:engine, engine_id)"
                        + " WHERE container_id = :id AND status = :from")
                .bind("to", ContainerStatus.RUNNING.name()).bind("engine", engineId).bind("id", containerId)
                .bind("from", from.name()).execute()) > 0;
    }

    /** The rebuild's new image and start configuration, with status stopped and no reason: one commit. */
    boolean rebuilt(String containerId, String image, String secret, boolean tty, String workingDir, ProcessSpec process) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE containers SET image = :image, secret_name = :secret, tty = :tty,"
                        + " working_dir = :workingDir, process_json = :process, status = :stopped, reason = NULL"
                        + " WHERE container_id = :id AND status = :rebuilding")
                .bind("image", image).bind("secret", secret).bind("tty", tty).bind("workingDir", workingDir)
                .bind("process", writeProcess(process)).bind("stopped", ContainerStatus.STOPPED.name())
                .bind("rebuilding", ContainerStatus.REBUILDING.name()).bind("id", containerId).execute()) > 0;
    }

    /** A new instance type, only while the container is stopped; false when it no longer is. */
    boolean resized(String containerId, String instanceType) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE containers SET instance_type = :type"
                        + " WHERE container_id = :id AND status = :stopped")
                .bind("type", instanceType).bind("stopped", ContainerStatus.STOPPED.name()).bind("id", containerId)
                .execute()) > 0;
    }

    void modify(String containerId, String name, String description) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE containers SET name = COALESCE(:name, name),"
                        + " description = COALESCE(:description, description) WHERE container_id = :id")
                .bind("name", name).bind("description", description).bind("id", containerId).execute());
    }

    void setCharge(String containerId, String chargeStatus, Instant expiry, boolean setExpiry) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE containers SET charge_status = COALESCE(:status, charge_status)"
                        + (setExpiry ? ", charge_expire_ms = :expiry" : "") + " WHERE container_id = :id")
                .bind("status", chargeStatus).bind("expiry", expiry == null ? null : expiry.toEpochMilli())
                .bind("id", containerId).execute());
    }

    /**
     * Sets the elastic IP of the primary IP only if the container still has {@code expected} (null:
     * none) and one of the statuses; false when another change won.
     */
    boolean setElasticIp(Handle h, String containerId, String expected, String eipId, String eipAddress,
            Set<ContainerStatus> statuses) {
        return h.createUpdate("UPDATE containers SET elastic_ip_id = :eip, elastic_ip_address = :address WHERE container_id = :id"
                        + " AND status IN (<statuses>) AND " + (expected == null ? "elastic_ip_id IS NULL" : "elastic_ip_id = :expected"))
                .bind("eip", eipId).bind("address", eipAddress).bind("id", containerId).bind("expected", expected)
                .bindList("statuses", statuses.stream().map(Enum::name).toList()).execute() > 0;
    }

    void delete(Handle h, String containerId) {
        h.createUpdate("DELETE FROM container_security_groups WHERE container_id = :id").bind("id", containerId).execute();
        h.createUpdate("DELETE FROM container_tags WHERE container_id = :id").bind("id", containerId).execute();
        h.createUpdate("DELETE FROM containers WHERE container_id = :id").bind("id", containerId).execute();
    }

    /** Security group ids of each container, in the order given at create. */
    Map<String, List<String>> securityGroups(Handle h, Collection<String> containerIds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (containerIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT container_id, security_group_id FROM container_security_groups WHERE container_id IN (<ids>)"
                        + " ORDER BY container_id, position")
                .bindList("ids", List.copyOf(containerIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    record PageOf(List<Container> items, long total) {
    }

    PageOf list(Handle h, String account, String region, ContainerQuery query, long offset, int limit) {
        String where = " WHERE account_id = :account AND region_id = :region" + query.sql();
        Query count = query.bind(h.createQuery("SELECT COUNT(*) FROM containers" + where))
                .bind("account", account).bind("region", region);
        long total = count.mapTo(Long.class).one();
        Query page = query.bind(h.createQuery("SELECT * FROM containers" + where
                        + " ORDER BY launch_time_ms DESC, container_id ASC LIMIT :limit OFFSET :offset"))
                .bind("account", account).bind("region", region).bind("limit", limit).bind("offset", offset);
        return new PageOf(page.map(CONTAINER).list(), total);
    }

    private static ProcessSpec readProcess(String json) {
        try {
            return PROCESS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable process_json", e);
        }
    }

    private static String writeProcess(ProcessSpec process) {
        try {
            return JSON.writeValueAsString(process);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
