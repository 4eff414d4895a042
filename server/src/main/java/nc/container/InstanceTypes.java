package nc.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nc.error.ServiceException;
import org.jdbi.v3.core.Jdbi;

/** The instance-type catalogue: seeded with API.md rule 50's list, extended by the operator. */
public final class InstanceTypes {
    private final Jdbi jdbi;
    private final Map<String, InstanceType> byName = new ConcurrentHashMap<>();

    public InstanceTypes(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_types")
                        .map((rs, ctx) -> new InstanceType(rs.getString("instance_type"), rs.getInt("cpu"), rs.getInt("memory_gb"),
                                rs.getInt("pids_limit")))
                        .list())
                .forEach(t -> byName.put(t.name(), t));
    }

    public boolean contains(String name) {
        return name != null && byName.containsKey(name);
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<InstanceType> all() {
        return byName.values().stream().sorted(java.util.Comparator.comparing(InstanceType::name)).toList();
    }

    /** Adds or changes a type. */
    public InstanceType put(InstanceType type) {
        if (type.name() == null || !type.name().matches("[a-z0-9]+(\\.[a-z0-9]+){1,3}")) {
            throw ServiceException.invalid("instanceType", "a name like g.n1.medium");
        }
        if (type.cpu() < 1 || type.cpu() > 1024) {
            throw ServiceException.invalid("cpu", "must be an integer in [1, 1024]");
        }
        if (type.memoryGb() < 1 || type.memoryGb() > 65536) {
            throw ServiceException.invalid("memoryGb", "must be an integer in [1, 65536]");
        }
        if (type.pidsLimit() < 16 || type.pidsLimit() > 4_194_304) {
            throw ServiceException.invalid("pidsLimit", "must be an integer in [16, 4194304]");
        }
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM instance_types WHERE instance_type = :n").bind("n", type.name()).execute();
            h.createUpdate("INSERT INTO instance_types (instance_type, cpu, memory_gb, pids_limit) VALUES (:n, :c, :m, :p)")
                    .bind("n", type.name()).bind("c", type.cpu()).bind("m", type.memoryGb()).bind("p", type.pidsLimit()).execute();
        });
        byName.put(type.name(), type);
        return type;
    }
}
