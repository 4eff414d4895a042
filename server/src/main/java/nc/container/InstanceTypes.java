package nc.container;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import nc.error.ServiceException;
import org.jdbi.v3.core.Jdbi;

/**
 * The instance-type catalogue (docs/api/nativecontainer.md §4): seeded with its §4.2 table, extended by the
 * operator. Where a type is offered: Gen 1 in the AZs of cn-north-1 only, the others everywhere;
 * every type is in stock.
 */
public final class InstanceTypes {
    private static final String GEN1_REGION = "cn-north-1";
    /** The disk types every type takes: those this server makes (docs/api/nativecontainer.md §5.4). */
    public static final List<String> CLOUD_DISK_TYPES = List.of("ssd", "premium-hdd");

    private final Jdbi jdbi;
    private final Function<String, Set<String>> zonesOfRegion;
    private final Map<String, Entry> byName = new ConcurrentHashMap<>();

    /** @param position place in the §4.2 table; null for the operator's own types, listed after them by name */
    private record Entry(InstanceType type, Integer position) {
    }

    /** One AZ of a type (InstanceTypeState). */
    public record State(String az, boolean inStock, boolean online) {
    }

    public InstanceTypes(Jdbi jdbi, Function<String, Set<String>> zonesOfRegion) {
        this.jdbi = jdbi;
        this.zonesOfRegion = zonesOfRegion;
        jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_types")
                        .map((rs, ctx) -> new Entry(new InstanceType(rs.getString("instance_type"), rs.getInt("cpu"),
                                rs.getInt("memory_gb"), rs.getInt("pids_limit")), (Integer) rs.getObject("position", Integer.class)))
                        .list())
                .forEach(e -> byName.put(e.type().name(), e));
    }

    public boolean contains(String name) {
        return name != null && byName.containsKey(name);
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::type);
    }

    /** The catalogue in its order: the §4.2 table, then the operator's types by name. */
    public List<InstanceType> all() {
        return byName.values().stream()
                .sorted(Comparator.comparing(Entry::position, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(e -> e.type().name()))
                .map(Entry::type).toList();
    }

    /** One state per AZ of the region, in AZ order. */
    public List<State> states(InstanceType type, String region) {
        boolean online = generation(type.name()) != 1 || GEN1_REGION.equals(region);
        return zonesOfRegion.apply(region).stream().sorted().map(az -> new State(az, true, online)).toList();
    }

    /**
     * createContainers and resizeContainer (§4.1): a type of the catalogue, online in the AZ (else
     * INVALID_ARGUMENT on {@code field}) and in stock there (else FAILED_PRECONDITION).
     */
    public InstanceType requireOffered(String name, String region, String az, String field) {
        InstanceType type = find(name).orElseThrow(() -> ServiceException.invalid(field, "unknown instance type " + name));
        requireOnline(type, region, az, field);
        requireInStock(type, region, az);
        return type;
    }

    /** INVALID_ARGUMENT on {@code field} unless the type is offered in the AZ. */
    public void requireOnline(InstanceType type, String region, String az, String field) {
        if (!state(type, region, az).online()) {
            throw ServiceException.invalid(field, "instance type " + type.name() + " is not offered in " + az);
        }
    }

    /** FAILED_PRECONDITION unless the type can be sold in the AZ. */
    public void requireInStock(InstanceType type, String region, String az) {
        if (!state(type, region, az).inStock()) {
            throw ServiceException.failedPrecondition("instance type " + type.name() + " is sold out in " + az);
        }
    }

    private State state(InstanceType type, String region, String az) {
        return states(type, region).stream().filter(s -> s.az().equals(az)).findFirst()
                .orElse(new State(az, false, false));
    }

    /** The digit that ends the family's second part: g.n3 → 3, h.g2 → 2, g.s1 → 1; 0 when there is none. */
    public static int generation(String name) {
        String[] parts = name.split("\\.");
        if (parts.length < 2 || parts[1].isEmpty() || !Character.isDigit(parts[1].charAt(parts[1].length() - 1))) {
            return 0;
        }
        return parts[1].charAt(parts[1].length() - 1) - '0';
    }

    /** Adds or changes a type; a type of the §4.2 table keeps its place. */
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
            int changed = h.createUpdate("UPDATE instance_types SET cpu = :c, memory_gb = :m, pids_limit = :p WHERE instance_type = :n")
                    .bind("n", type.name()).bind("c", type.cpu()).bind("m", type.memoryGb()).bind("p", type.pidsLimit()).execute();
            if (changed == 0) {
                h.createUpdate("INSERT INTO instance_types (instance_type, cpu, memory_gb, pids_limit) VALUES (:n, :c, :m, :p)")
                        .bind("n", type.name()).bind("c", type.cpu()).bind("m", type.memoryGb()).bind("p", type.pidsLimit()).execute();
            }
        });
        byName.compute(type.name(), (name, old) -> new Entry(type, old == null ? null : old.position()));
        return type;
    }
}
