package nc.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.account.Account;
import nc.account.AccountChanges;
import nc.account.AccountService;
import nc.account.IssuedKey;
import nc.api.Call;
import nc.api.Operation;
import nc.common.Times;
import nc.config.Config;
import nc.error.ServiceException;
import nc.quota.AccountQuotas;

/** The operator API under {@code /admin}: accounts, keys, flags and quotas (documented in README). */
public final class AdminOperations {
    private static final String ACCOUNT = "/admin/accounts/{accountId}";
    private final AccountService accounts;
    private final Config.Limits defaults;
    private final AccountQuotas otherQuotas;

    /** @param otherQuotas the quotas without a column in accounts (disk, snapshot, vpc, ...) */
    public AdminOperations(AccountService accounts, Config.Limits defaults, AccountQuotas otherQuotas) {
        this.accounts = accounts;
        this.defaults = defaults;
        this.otherQuotas = otherQuotas;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("listAccounts", "GET", "/admin/accounts", this::list),
                Operation.operator("createAccount", "POST", "/admin/accounts", this::create),
                Operation.operator("describeAccount", "GET", ACCOUNT, this::describe),
                Operation.operator("modifyAccount", "PATCH", ACCOUNT, this::modify),
                Operation.operator("issueAccessKey", "POST", ACCOUNT + "/keys", this::issueKey),
                Operation.operator("revokeAccessKey", "DELETE", ACCOUNT + "/keys/{accessKey}", this::revokeKey));
    }

    record CreateAccount(String name, Boolean realNameVerified) {
    }

    /** quotas: container and secret, plus every quota of {@link AccountQuotas}; a null value changes nothing. */
    record ModifyAccount(Boolean disabled, Boolean realNameVerified, Boolean blacklisted, Map<String, Integer> quotas) {
    }

    record ImportKey(String accessKey, String secretKey) {
    }

    private Object list(Call call) {
        return Map.of("accounts", accounts.list().stream().map(this::wire).toList());
    }

    private Object create(Call call) {
        CreateAccount request = call.body(CreateAccount.class);
        if (request.name() == null || request.name().isBlank() || request.name().length() > 128) {
            throw ServiceException.invalid("name", "required, 1-128 characters");
        }
        boolean verified = request.realNameVerified() == null || request.realNameVerified();
        IssuedKey key = accounts.create(request.name(), verified);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", wire(accounts.require(key.accountId())));
        out.put("accessKey", key.accessKey());
        out.put("secretKey", key.secretKey());
        return out;
    }

    private Object describe(Call call) {
        String id = call.path("accountId");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", wire(accounts.require(id)));
        out.put("accessKeys", accounts.keysOf(id).stream().map(k -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("accessKey", k.accessKey());
            key.put("revoked", k.revoked());
            key.put("createdAt", Times.format(k.createdAt()));
            return key;
        }).toList());
        return out;
    }

    private Object modify(Call call) {
        ModifyAccount request = call.body(ModifyAccount.class);
        Map<String, Integer> quotas = request.quotas() == null ? Map.of() : request.quotas();
        Map<String, Integer> others = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> q : quotas.entrySet()) {
            boolean own = q.getKey().equals("container") || q.getKey().equals("secret");
            if (!own && !otherQuotas.isDefined(q.getKey())) {
                throw ServiceException.invalid("quotas." + q.getKey(), "unknown quota; known: container, secret, "
                        + String.join(", ", otherQuotas.defaults().keySet()));
            }
            checkLimit("quotas." + q.getKey(), q.getValue());
            if (!own && q.getValue() != null) {
                others.put(q.getKey(), q.getValue());
            }
        }
        Account changed = accounts.change(call.path("accountId"), new AccountChanges(request.disabled(),
                request.realNameVerified(), request.blacklisted(), quotas.get("container"), quotas.get("secret")));
        otherQuotas.set(changed.accountId(), others);
        return Map.of("account", wire(changed));
    }

    private Object issueKey(Call call) {
        ImportKey request = call.body(ImportKey.class);
        IssuedKey key;
        if (request.accessKey() == null && request.secretKey() == null) {
            key = accounts.issueKey(call.path("accountId"));
        } else {
            checkKey("accessKey", request.accessKey());
            checkKey("secretKey", request.secretKey());
            key = accounts.importKey(call.path("accountId"), request.accessKey(), request.secretKey());
        }
        return Map.of("accessKey", key.accessKey(), "secretKey", key.secretKey());
    }

    private Object revokeKey(Call call) {
        accounts.revokeKey(call.path("accountId"), call.path("accessKey"));
        return null;
    }

    private static void checkLimit(String field, Integer value) {
        if (value != null && (value < 0 || value > 100_000)) {
            throw ServiceException.invalid(field, "must be an integer in [0, 100000]");
        }
    }

    private static void checkKey(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9]{16,64}")) {
            throw ServiceException.invalid(field, "16-64 letters and digits; give both keys or neither");
        }
    }

    private Map<String, Object> wire(Account a) {
        Map<String, Object> quotas = new LinkedHashMap<>();
        quotas.put("container", a.containerLimit() != null ? a.containerLimit() : defaults.containers());
        quotas.put("secret", a.secretLimit() != null ? a.secretLimit() : defaults.secrets());
        quotas.putAll(otherQuotas.limits(a.accountId()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountId", a.accountId());
        out.put("name", a.name());
        out.put("disabled", a.disabled());
        out.put("realNameVerified", a.realNameVerified());
        out.put("blacklisted", a.blacklisted());
        out.put("quotas", quotas);
        out.put("createdAt", Times.format(a.createdAt()));
        return out;
    }
}
