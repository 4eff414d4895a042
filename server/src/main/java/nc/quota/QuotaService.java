package nc.quota;

import java.util.EnumMap;
import java.util.Map;
import nc.account.Account;
import nc.account.AccountRepository;
import nc.config.Config;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Limits and usage per account and region. Creates call {@link #reserve} inside their own
 * transaction: it locks the account row, so concurrent creates are counted one after another
 * and the limit is never overshot.
 */
public final class QuotaService {
    private final Jdbi jdbi;
    private final AccountRepository accounts;
    private final Config.Limits defaults;
    private final Map<ResourceType, UsageCounter> counters = new EnumMap<>(ResourceType.class);

    public QuotaService(Jdbi jdbi, AccountRepository accounts, Config.Limits defaults) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.defaults = defaults;
    }

    public void countWith(ResourceType type, UsageCounter counter) {
        counters.put(type, counter);
    }

    public record Usage(ResourceType type, int limit, long used) {
    }

    public Usage usage(String accountId, String regionId, ResourceType type) {
        return jdbi.withHandle(h -> {
            Account account = accounts.find(h, accountId).orElseThrow();
            return new Usage(type, limitOf(account, type), counter(type).count(h, accountId, regionId));
        });
    }

    /** Refuses with 429 unless {@code wanted} more fit under the limit; all or nothing. */
    public void reserve(Handle h, String accountId, String regionId, ResourceType type, int wanted) {
        Account account = accounts.lock(h, accountId).orElseThrow();
        int limit = limitOf(account, type);
        long used = counter(type).count(h, accountId, regionId);
        if (used + wanted > limit) {
            throw ServiceException.quotaExceeded(type.wireName() + " quota of region " + regionId + " is " + limit
                    + ", " + used + " in use, " + wanted + " more requested");
        }
    }

    private UsageCounter counter(ResourceType type) {
        UsageCounter counter = counters.get(type);
        if (counter == null) {
            throw new IllegalStateException("no usage counter for " + type);
        }
        return counter;
    }

    private int limitOf(Account account, ResourceType type) {
        return switch (type) {
            case CONTAINER -> account.containerLimit() != null ? account.containerLimit() : defaults.containers();
            case SECRET -> account.secretLimit() != null ? account.secretLimit() : defaults.secrets();
        };
    }
}
