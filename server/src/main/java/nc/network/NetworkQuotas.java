package nc.network;

import java.util.function.LongSupplier;
import nc.account.AccountRepository;
import nc.error.ServiceException;
import nc.quota.AccountQuotas;
import org.jdbi.v3.core.Handle;

/**
 * Checks the quotas of {@link NetworkQuota} inside the caller's transaction. The account row is
 * locked first, so concurrent creates of one account are counted one after another.
 */
public final class NetworkQuotas {
    private final AccountQuotas limits;
    private final AccountRepository accounts;

    public NetworkQuotas(AccountQuotas limits, AccountRepository accounts) {
        this.limits = limits;
        this.accounts = accounts;
        for (NetworkQuota quota : NetworkQuota.values()) {
            limits.define(quota.wireName(), quota.defaultLimit());
        }
    }

    /** Serialises the account's network changes until the transaction ends. */
    public void lock(Handle h, String accountId) {
        accounts.lock(h, accountId);
    }

    /**
     * 429 QUOTA_EXCEEDED unless {@code wanted} more fit: "vpc quota exceeded: limit 10, used 10"
     * (docs/api/vpc-disk.md §7.6); {@code scope} names the parent for per-VPC and per-group quotas.
     * {@code usage} counts under the account's lock, so two concurrent creates never both fit.
     */
    public void check(Handle h, String accountId, NetworkQuota quota, String scope, LongSupplier usage, int wanted) {
        lock(h, accountId);
        long used = usage.getAsLong();
        int limit = limits.limit(h, accountId, quota.wireName());
        if (used + wanted > limit) {
            throw ServiceException.quotaExceeded(quota.wireName() + " quota exceeded" + (scope == null ? "" : " for " + scope)
                    + ": limit " + limit + ", used " + used + (wanted > 1 ? ", " + wanted + " more requested" : ""));
        }
    }
}
