package nc.install;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Every tenant's rows: accounts and their keys, secrets, quotas, networks, elastic IPs, disks,
 * snapshots and containers, and the nonces seen. The operator's settings stay: the installation's
 * id, operator token and master key, registry policy, elastic IP pools and instance types.
 */
public final class TenantRepository {
    /** Children before their parents (the foreign keys of db/migration). */
    static final List<String> TABLES = List.of(
            "container_tags", "container_security_groups", "disk_attachments", "ip_addresses", "containers", "create_tokens",
            "disk_tags", "disk_client_tokens", "disks", "snapshots",
            "elastic_ip_tags", "elastic_ips", "security_group_rules", "security_groups", "subnets", "vpcs",
            "secrets", "account_quotas", "access_keys", "accounts", "used_nonces");

    private final Jdbi jdbi;

    public TenantRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes every tenant row in one transaction; returns the number of rows deleted. */
    public int empty() {
        return jdbi.inTransaction(h -> {
            int rows = 0;
            for (String table : TABLES) {
                rows += h.createUpdate("DELETE FROM " + table).execute();
            }
            return rows;
        });
    }
}
