package nc.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import nc.common.Ids;
import nc.error.ServiceException;
import nc.store.AtRestCipher;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Tenants and their keys, as the operator manages them and as the signature check reads them. */
public final class AccountService {
    private final Jdbi jdbi;
    private final AccountRepository accounts;
    private final AtRestCipher cipher;
    private final Clock clock;

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
        return changed;
    }

    public Optional<SigningKey> signingKey(String accessKey) {
        return accounts.findUsableKey(accessKey)
                .map(k -> new SigningKey(k.accountId(), cipher.open(k.sealedSecretKey())));
    }

    public boolean noAccountYet() {
        return accounts.isEmpty();
    }
}
