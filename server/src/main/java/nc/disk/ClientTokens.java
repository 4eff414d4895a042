package nc.disk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** clientToken of createDisks and createSnapshot: the same token within 24 h returns the first call's ids. */
final class ClientTokens {
    static final String CREATE_DISKS = "createDisks";
    static final String CREATE_SNAPSHOT = "createSnapshot";

    Optional<List<String>> find(Handle h, String account, String region, String operation, String token, Instant notBefore) {
        return h.createQuery("SELECT resource_ids FROM disk_client_tokens WHERE account_id = :account AND region_id = :region"
                        + " AND operation = :operation AND token = :token AND created_at_ms >= :since")
                .bind("account", account).bind("region", region).bind("operation", operation).bind("token", token)
                .bind("since", notBefore.toEpochMilli())
                .mapTo(String.class).findOne().map(ids -> List.of(ids.split(",")));
    }

    void insert(Handle h, String account, String region, String operation, String token, List<String> ids, Instant now) {
        h.createUpdate("DELETE FROM disk_client_tokens WHERE account_id = :account AND region_id = :region"
                        + " AND operation = :operation AND token = :token")
                .bind("account", account).bind("region", region).bind("operation", operation).bind("token", token).execute();
        h.createUpdate("INSERT INTO disk_client_tokens (account_id, region_id, operation, token, resource_ids, created_at_ms)"
                        + " VALUES (:account, :region, :operation, :token, :ids, :created)")
                .bind("account", account).bind("region", region).bind("operation", operation).bind("token", token)
                .bind("ids", String.join(",", ids)).bind("created", now.toEpochMilli()).execute();
    }
}
