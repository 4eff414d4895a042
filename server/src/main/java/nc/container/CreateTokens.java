package nc.container;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** clientToken idempotence: the same token within 24 h returns the first call's ids. */
final class CreateTokens {

    Optional<List<String>> find(Handle h, String account, String region, String token, Instant notBefore) {
        return h.createQuery("SELECT container_ids FROM create_tokens WHERE account_id = :account AND region_id = :region"
                        + " AND token = :token AND created_at_ms >= :since")
                .bind("account", account).bind("region", region).bind("token", token).bind("since", notBefore.toEpochMilli())
                .mapTo(String.class).findOne().map(ids -> List.of(ids.split(",")));
    }

    void insert(Handle h, String account, String region, String token, List<String> ids, Instant now) {
        h.createUpdate("DELETE FROM create_tokens WHERE account_id = :account AND region_id = :region AND token = :token")
                .bind("account", account).bind("region", region).bind("token", token).execute();
        h.createUpdate("INSERT INTO create_tokens (account_id, region_id, token, container_ids, created_at_ms)"
                        + " VALUES (:account, :region, :token, :ids, :created)")
                .bind("account", account).bind("region", region).bind("token", token).bind("ids", String.join(",", ids))
                .bind("created", now.toEpochMilli()).execute();
    }
}
