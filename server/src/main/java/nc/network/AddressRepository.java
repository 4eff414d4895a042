package nc.network;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** SQL for the addresses container interfaces hold in subnets: one row per address, so none is given twice. */
final class AddressRepository {

    List<Long> held(Handle h, String subnetId) {
        return h.createQuery("SELECT ip FROM ip_addresses WHERE subnet_id = :subnet").bind("subnet", subnetId)
                .mapTo(String.class).list().stream().map(ip -> Cidr.parseAddress(ip).orElseThrow()).toList();
    }

    /** How many addresses each subnet has given out (A10). */
    Map<String, Long> heldCounts(Handle h, Collection<String> subnetIds) {
        Map<String, Long> out = new HashMap<>();
        if (!subnetIds.isEmpty()) {
            h.createQuery("SELECT subnet_id, COUNT(*) FROM ip_addresses WHERE subnet_id IN (<ids>) GROUP BY subnet_id")
                    .bindList("ids", List.copyOf(subnetIds))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    void hold(Handle h, String subnetId, String ip, String containerId) {
        h.createUpdate("INSERT INTO ip_addresses (subnet_id, ip, container_id) VALUES (:subnet, :ip, :container)")
                .bind("subnet", subnetId).bind("ip", ip).bind("container", containerId).execute();
    }

    void release(Handle h, String containerId) {
        h.createUpdate("DELETE FROM ip_addresses WHERE container_id = :container").bind("container", containerId).execute();
    }

    boolean isHeld(Handle h, String subnetId, String ip) {
        return h.createQuery("SELECT COUNT(*) FROM ip_addresses WHERE subnet_id = :subnet AND ip = :ip")
                .bind("subnet", subnetId).bind("ip", ip).mapTo(Long.class).one() > 0;
    }
}
