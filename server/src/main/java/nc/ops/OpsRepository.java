package nc.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import nc.container.ContainerStatus;
import org.jdbi.v3.core.Jdbi;

/** The SQL of the operations endpoints: liveness of the database and counts for the metrics. */
final class OpsRepository {
    private final Jdbi jdbi;

    OpsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A round trip to the database; throws when it does not answer. */
    void ping() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    /** Every status with its number of containers (all accounts), zero included. */
    Map<ContainerStatus, Long> containersByStatus() {
        Map<ContainerStatus, Long> counts = new LinkedHashMap<>();
        for (ContainerStatus s : ContainerStatus.values()) {
            counts.put(s, 0L);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM containers GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(ContainerStatus.valueOf(e.getKey()), e.getValue())));
        return counts;
    }
}
