package nc.account;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nc.common.Ids;
import nc.error.ServiceException;
import nc.store.AtRestCipher;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Tenants and their keys, as the operator manages them and as the signature check reads them. */
public final class AccountService {
    /**
     * How long a usable key read for a signature check is trusted without reading it again. Keys
     * revoked and accounts changed through this service are forgotten at once; the time only
     * bounds what another server on the same database changed.
     */
    private static final long KEY_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    private final Jdbi jdbi;
    private final AccountRepository accounts;
    private final AtRestCipher cipher;
    private final Clock clock;
    /** Usable keys lately read, by access key: every signed request needs one (a query and a decryption). */
    private final Map<String, CachedKey> signingKeys = new ConcurrentHashMap<>();
    /** Counts revocations and account changes, so that a key read before one is not kept after it. */
    private final AtomicLong keyChanges = new AtomicLong();

    private record CachedKey(SigningKey key, long readAt) {
    }

    public AccountService(Jdbi jdbi, AtRestCipher cipher, Clock clock) {
        this.jdbi = jdbi;
        this.accounts = new AccountRepository(jdbi);
        this.cipher = cipher;
        this.clock = clock;
    }

    public AccountRepository repository() {
        return accounts;
    }

    /** Creates an account with its first key pair. */
    public IssuedKey create(String name, boolean realNameVerified) {
        Account account = new Account(Ids.resource("acct-"), name, false, realNameVerified, false, null, null, clock.instant());
        return jdbi.inTransaction(h -> {
            accounts.insert(h, account);
            return issue(h, account.accountId(), Ids.key(), Ids.key());
        });
    }

    /** Registers a key pair chosen by the caller (for example to reuse a client's existing profile). */
    public IssuedKey importKey(String accountId, String accessKey, String secretKey) {
        require(accountId);
        try {
            return jdbi.inTransaction(h -> {
                if (accounts.keyExists(h, accessKey)) {
                    throw keyTaken(accessKey);
                }
                return issue(h, accountId, accessKey, secretKey);
            });
        } catch (UnableToExecuteStatementException e) {
            // a concurrent import of the same key lost the race on the primary key
            throw keyTaken(accessKey);
        }
    }

    private static ServiceException keyTaken(String accessKey) {
        return ServiceException.alreadyExists("access key " + accessKey + " is already registered");
    }

    public IssuedKey issueKey(String accountId) {
        require(accountId);
        return jdbi.inTransaction(h -> issue(h, accountId, Ids.key(), Ids.key()));
    }

    private IssuedKey issue(org.jdbi.v3.core.Handle h, String accountId, String accessKey, String secretKey) {
        accounts.insertKey(h, accessKey, accountId, cipher.seal(secretKey), clock.instant());
        return new IssuedKey(accountId, accessKey, secretKey);
    }

    public void revokeKey(String accountId, String accessKey) {
        require(accountId);
        if (!accounts.revokeKey(accountId, accessKey)) {
            throw ServiceException.notFound("access key " + accessKey + " of account " + accountId + " not found");
        }
        forgetSigningKeys();
    }

    public Account require(String accountId) {
        return accounts.find(accountId)
                .orElseThrow(() -> ServiceException.notFound("account " + accountId + " not found"));
    }

    public List<Account> list() {
        return accounts.list();
    }

    public List<AccessKey> keysOf(String accountId) {
        require(accountId);
        return accounts.keysOf(accountId);
    }

    public Account change(String accountId, AccountChanges changes) {
        Account a = require(accountId);
        Account changed = new Account(a.accountId(), a.name(),
                changes.disabled() != null ? changes.disabled() : a.disabled(),
                changes.realNameVerified() != null ? changes.realNameVerified() : a.realNameVerified(),
                changes.blacklisted() != null ? changes.blacklisted() : a.blacklisted(),
                changes.containerLimit() != null ? changes.containerLimit() : a.containerLimit(),
                changes.secretLimit() != null ? changes.secretLimit() : a.secretLimit(),
                a.createdAt());
        accounts.update(changed);
        forgetSigningKeys();
        return changed;
    }

    /** The key to check a signature with, when the access key exists, is not revoked and its account is enabled. */
    public Optional<SigningKey> signingKey(String accessKey) {
        long now = System.nanoTime();
        CachedKey cached = signingKeys.get(accessKey);
        if (cached != null && now - cached.readAt() < KEY_TTL_NANOS) {
            return Optional.of(cached.key());
        }
        long changesBefore = keyChanges.get();
        Optional<SigningKey> key = accounts.findUsableKey(accessKey)
                .map(k -> new SigningKey(k.accountId(), cipher.open(k.sealedSecretKey())));
        if (key.isPresent() && keyChanges.get() == changesBefore) {
            signingKeys.put(accessKey, new CachedKey(key.get(), now));
            if (keyChanges.get() != changesBefore) {
                // a change came between the check and the put, and its clearing may have come before the put
                signingKeys.remove(accessKey);
            }
        } else {
            signingKeys.remove(accessKey);
        }
        return key;
    }

    /** Keys read before are read again (after a change beneath this service, such as a reset). */
    public void forgetSigningKeys() {
        keyChanges.incrementAndGet();
        signingKeys.clear();
    }

    public boolean noAccountYet() {
        return accounts.isEmpty();
    }
}
