package nc.quota;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Named per-account limits of the quotas that have no column in {@code accounts}
 * (docs/api/vpc-disk.md §5: {@code vpc}, {@code elasticIp}, ...). Each domain defines its quotas with
 * their defaults at start; the operator sets a value per account through the admin API
 * ({@code PATCH /admin/accounts/{id}} "quotas"), stored in {@code account_quotas}.
 */
public final class AccountQuotas {
    private final Jdbi jdbi;
    private final Map<String, Integer> defaults = Collections.synchronizedMap(new LinkedHashMap<>());

    public AccountQuotas(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Declares a quota and the limit every account has until the operator sets another. */
    public void define(String name, int defaultLimit) {
        defaults.put(name, defaultLimit);
    }

    public boolean isDefined(String name) {
        return defaults.containsKey(name);
    }

    /** Every defined quota with its default, in definition order. */
    public Map<String, Integer> defaults() {
        synchronized (defaults) {
            return new LinkedHashMap<>(defaults);
        }
    }

    /** The account's limit: the operator's value, else the default. */
    public int limit(Handle h, String accountId, String name) {
        Integer fallback = defaults.get(name);
        if (fallback == null) {
            throw new IllegalStateException("quota " + name + " is not defined");
        }
        return h.createQuery("SELECT quota_limit FROM account_quotas WHERE account_id = :account AND resource_type = :name")
                .bind("account", accountId).bind("name", name).mapTo(Integer.class).findOne().orElse(fallback);
    }

    /** Every defined quota's limit for the account. */
    public Map<String, Integer> limits(String accountId) {
        Map<String, Integer> out = defaults();
        jdbi.useHandle(h -> h.createQuery("SELECT resource_type, quota_limit FROM account_quotas WHERE account_id = :account")
                .bind("account", accountId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> {
                    if (out.containsKey(e.getKey())) {
                        out.put(e.getKey(), e.getValue());
                    }
                }));
        return out;
    }

    /** Sets the operator's limits of the account, all in one transaction. */
    public void set(String accountId, Map<String, Integer> limits) {
        jdbi.useTransaction(h -> limits.forEach((name, limit) -> {
            h.createUpdate("DELETE FROM account_quotas WHERE account_id = :account AND resource_type = :name")
                    .bind("account", accountId).bind("name", name).execute();
            h.createUpdate("INSERT INTO account_quotas (account_id, resource_type, quota_limit) VALUES (:account, :name, :limit)")
                    .bind("account", accountId).bind("name", name).bind("limit", limit).execute();
        }));
    }
}
