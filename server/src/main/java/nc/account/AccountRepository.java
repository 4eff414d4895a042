package nc.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for accounts and their access keys. Secret keys are stored sealed. */
public final class AccountRepository {
    private static final RowMapper<Account> ACCOUNT = (rs, ctx) -> new Account(
            rs.getString("account_id"),
            rs.getString("name"),
            rs.getBoolean("disabled"),
            rs.getBoolean("real_name_verified"),
            rs.getBoolean("blacklisted"),
            (Integer) rs.getObject("container_limit"),
            (Integer) rs.getObject("secret_limit"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));

    private static final RowMapper<AccessKey> KEY = (rs, ctx) -> new AccessKey(
            rs.getString("access_key"),
            rs.getString("account_id"),
            rs.getBoolean("revoked"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")));

    private final Jdbi jdbi;

    public AccountRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Handle h, Account a) {
        h.createUpdate("INSERT INTO accounts (account_id, name, disabled, real_name_verified, blacklisted,"
                        + " container_limit, secret_limit, created_at_ms)"
                        + " VALUES (:id, :name, :disabled, :verified, :blacklisted, :containers, :secrets, :created)")
                .bind("id", a.accountId())
                .bind("name", a.name())
                .bind("disabled", a.disabled())
                .bind("verified", a.realNameVerified())
                .bind("blacklisted", a.blacklisted())
                .bind("containers", a.containerLimit())
                .bind("secrets", a.secretLimit())
                .bind("created", a.createdAt().toEpochMilli())
                .execute();
    }

    public void update(Account a) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE accounts SET disabled = :disabled, real_name_verified = :verified,"
                        + " blacklisted = :blacklisted, container_limit = :containers, secret_limit = :secrets"
                        + " WHERE account_id = :id")
                .bind("id", a.accountId())
                .bind("disabled", a.disabled())
                .bind("verified", a.realNameVerified())
                .bind("blacklisted", a.blacklisted())
                .bind("containers", a.containerLimit())
                .bind("secrets", a.secretLimit())
                .execute());
    }

    public Optional<Account> find(String accountId) {
        return jdbi.withHandle(h -> find(h, accountId));
    }

    public Optional<Account> find(Handle h, String accountId) {
        return h.createQuery("SELECT * FROM accounts WHERE account_id = :id")
                .bind("id", accountId).map(ACCOUNT).findOne();
    }

    /**
     * Reads the account and holds its row lock until the transaction ends: creates that count
     * against a quota serialise on it, so concurrent creates cannot overshoot the limit.
     */
    public Optional<Account> lock(Handle h, String accountId) {
        return h.createQuery("SELECT * FROM accounts WHERE account_id = :id FOR UPDATE")
                .bind("id", accountId).map(ACCOUNT).findOne();
    }

    public List<Account> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY created_at_ms, account_id")
                .map(ACCOUNT).list());
    }

    public boolean isEmpty() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one() == 0);
    }

    public void insertKey(Handle h, String accessKey, String accountId, String sealedSecretKey, Instant createdAt) {
        h.createUpdate("INSERT INTO access_keys (access_key, account_id, sealed_secret_key, revoked, created_at_ms)"
                        + " VALUES (:ak, :account, :sk, FALSE, :created)")
                .bind("ak", accessKey)
                .bind("account", accountId)
                .bind("sk", sealedSecretKey)
                .bind("created", createdAt.toEpochMilli())
                .execute();
    }

    public boolean keyExists(Handle h, String accessKey) {
        return h.createQuery("SELECT COUNT(*) FROM access_keys WHERE access_key = :ak")
                .bind("ak", accessKey).mapTo(Long.class).one() > 0;
    }

    public List<AccessKey> keysOf(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM access_keys WHERE account_id = :id"
                        + " ORDER BY created_at_ms, access_key")
                .bind("id", accountId).map(KEY).list());
    }

    public boolean revokeKey(String accountId, String accessKey) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE access_keys SET revoked = TRUE"
                        + " WHERE account_id = :account AND access_key = :ak")
                .bind("account", accountId).bind("ak", accessKey).execute()) > 0;
    }

    /** The sealed secret key of a usable key: not revoked, and its account not disabled. */
    public Optional<SealedKey> findUsableKey(String accessKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT k.account_id, k.sealed_secret_key FROM access_keys k"
                        + " JOIN accounts a ON a.account_id = k.account_id"
                        + " WHERE k.access_key = :ak AND NOT k.revoked AND NOT a.disabled")
                .bind("ak", accessKey)
                .map((rs, ctx) -> new SealedKey(rs.getString(1), rs.getString(2)))
                .findOne());
    }

    public record SealedKey(String accountId, String sealedSecretKey) {
    }
}
