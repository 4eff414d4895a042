package nc.secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Filters;
import nc.api.Operation;
import nc.api.Page;
import nc.common.Times;

/** The four secret operations on the wire (docs/api/nc.md §5.11–5.14). */
public final class SecretOperations {
    private static final Map<String, Filters.Arity> FILTERS = Map.of("name", Filters.Arity.ONE);
    private static final String SECRETS = "/v1/regions/{regionId}/secrets";
    private final SecretService secrets;

    public SecretOperations(SecretService secrets) {
        this.secrets = secrets;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("createSecret", services, "POST", SECRETS, this::create),
                Operation.signed("describeSecrets", services, "GET", SECRETS, this::describeAll),
                Operation.signed("describeSecret", services, "GET", SECRETS + "/{name}", this::describe),
                Operation.signed("deleteSecret", services, "DELETE", SECRETS + "/{name}", this::delete));
    }

    private Object create(Call call) {
        String name = secrets.create(call.accountId(), call.regionId(), call.body(CreateSecretRequest.class));
        return Map.of("secretName", name);
    }

    private Object describeAll(Call call) {
        Page page = Page.from(call.query());
        List<String> nameParts = Filters.parse(call.query(), FILTERS).stream().map(f -> f.values().get(0)).toList();
        var result = secrets.list(call.accountId(), call.regionId(), nameParts, page.offset(), page.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("secrets", result.items().stream().map(SecretOperations::wire).toList());
        out.put("totalCount", result.total());
        return out;
    }

    private Object describe(Call call) {
        return Map.of("secret", wire(secrets.describe(call.accountId(), call.regionId(), call.path("name"))));
    }

    private Object delete(Call call) {
        secrets.delete(call.accountId(), call.regionId(), call.path("name"));
        return null;
    }

    private static Map<String, Object> wire(Secret s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", s.serverB64());
        data.put("username", s.usernameB64());
        if (s.emailB64() != null) {
            data.put("email", s.emailB64());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("type", s.type());
        // nativecontainer 2.3.0 renamed the member (docs/api/nativecontainer.md §5.1): both, same value
        out.put("secretType", s.type());
        out.put("createdAt", Times.format(s.createdAt()));
        out.put("data", data);
        return out;
    }
}
