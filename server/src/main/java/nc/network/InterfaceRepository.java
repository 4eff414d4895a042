package nc.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reads the container network interfaces (one primary interface per container row) that the vpc
 * service reports and guards: members of security groups, users of subnets. Read-only.
 */
final class InterfaceRepository {

    /** Interfaces in the subnet, whatever their container's status (deleteSubnet). */
    long countInSubnet(Handle h, String subnetId) {
        return h.createQuery("SELECT COUNT(*) FROM containers WHERE subnet_id = :subnet").bind("subnet", subnetId)
                .mapTo(Long.class).one();
    }

    /** The interface ids ({@code port-…}) using each group, oldest container first. */
    Map<String, List<String>> ofGroups(Handle h, Collection<String> groupIds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        groupIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (!groupIds.isEmpty()) {
            h.createQuery("SELECT g.security_group_id, c.nic_id FROM container_security_groups g"
                            + " JOIN containers c ON c.container_id = g.container_id WHERE g.security_group_id IN (<ids>)"
                            + " ORDER BY c.launch_time_ms, c.nic_id")
                    .bindList("ids", List.copyOf(groupIds))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> out.get(e.getKey()).add(e.getValue()));
        }
        return out;
    }
}
