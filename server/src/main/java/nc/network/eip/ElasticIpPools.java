package nc.network.eip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The operator's pools, per region. NC_EIP_POOL gives the configured pools: comma-separated ranges,
 * each either {@code a.b.c.d/n} (every region) or {@code region=a.b.c.d/n} (that region only; a
 * region with such entries uses only them). The admin API can set a region's pool, which then
 * replaces the configured one (kept in {@code elastic_ip_pools}).
 */
public final class ElasticIpPools {
    public static final String DEFAULT = "127.100.0.0/24";
    private final Jdbi jdbi;
    private final List<String> regions;
    private final Map<String, ElasticIpPool> configured = new LinkedHashMap<>();

    /** Fails with IllegalArgumentException when {@code setting} is malformed, so a bad NC_EIP_POOL stops the start. */
    public ElasticIpPools(Jdbi jdbi, String setting, List<String> regions) {
        this.jdbi = jdbi;
        this.regions = List.copyOf(regions);
        List<String> everywhere = new ArrayList<>();
        Map<String, List<String>> perRegion = new LinkedHashMap<>();
        for (String entry : (setting == null || setting.isBlank() ? DEFAULT : setting).split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq < 0) {
                everywhere.add(e);
            } else {
                perRegion.computeIfAbsent(e.substring(0, eq).strip(), r -> new ArrayList<>()).add(e.substring(eq + 1).strip());
            }
        }
        for (String region : perRegion.keySet()) {
            if (!regions.contains(region)) {
                throw new IllegalArgumentException("NC_EIP_POOL names region " + region + ", which is not served");
            }
        }
        for (String region : regions) {
            try {
                configured.put(region, ElasticIpPool.of("NC_EIP_POOL", perRegion.getOrDefault(region, everywhere)));
            } catch (nc.error.ServiceException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }

    /** The region's pool in force: the operator's, else the configured one. */
    public ElasticIpPool of(Handle h, String region) {
        return operators(h, region).orElseGet(() -> configured.getOrDefault(region, ElasticIpPool.of("pool", List.of())));
    }

    /** Replaces the region's pool; addresses already allocated outside it stay with their owners. */
    public ElasticIpPool set(String region, List<String> ranges) {
        ElasticIpPool pool = ElasticIpPool.of("ranges", ranges);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM elastic_ip_pools WHERE region_id = :region").bind("region", region).execute();
            h.createUpdate("INSERT INTO elastic_ip_pools (region_id, ranges) VALUES (:region, :ranges)")
                    .bind("region", region).bind("ranges", String.join(",", pool.ranges())).execute();
        });
        return pool;
    }

    /** Back to the configured pool. */
    public void reset(String region) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM elastic_ip_pools WHERE region_id = :region").bind("region", region).execute());
    }

    /** One region's pool as the operator sees it. */
    public record PoolState(String regionId, List<String> ranges, String source, long size, long allocated) {
    }

    public List<PoolState> describe() {
        return jdbi.withHandle(h -> {
            List<PoolState> out = new ArrayList<>();
            List<Long> taken = h.createQuery("SELECT address FROM elastic_ips").mapTo(String.class).list().stream()
                    .map(a -> nc.network.Cidr.parseAddress(a).orElseThrow()).toList();
            for (String region : regions) {
                Optional<ElasticIpPool> own = operators(h, region);
                ElasticIpPool pool = of(h, region);
                out.add(new PoolState(region, pool.ranges(), own.isPresent() ? "operator" : "configuration", pool.size(),
                        taken.stream().filter(pool::contains).count()));
            }
            return out;
        });
    }

    public boolean serves(String region) {
        return regions.contains(region);
    }

    private static Optional<ElasticIpPool> operators(Handle h, String region) {
        return h.createQuery("SELECT ranges FROM elastic_ip_pools WHERE region_id = :region").bind("region", region)
                .mapTo(String.class).findOne()
                .map(text -> ElasticIpPool.of("ranges", text.isEmpty() ? List.of() : Arrays.asList(text.split(","))));
    }
}
