package nc.api;

import java.util.Map;
import nc.auth.Principal;

/** What a handler gets: the caller, the path parameters, the query and the body. */
public final class Call {
    private final String requestId;
    private final Principal principal;
    private final Map<String, String> pathParams;
    private final QueryParams query;
    private final byte[] body;

    Call(String requestId, Principal principal, Map<String, String> pathParams, QueryParams query, byte[] body) {
        this.requestId = requestId;
        this.principal = principal;
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
    }

    public String requestId() {
        return requestId;
    }

    /** The signing tenant's account id (signed operations only). */
    public String accountId() {
        return principal.accountId();
    }

    public String regionId() {
        return pathParams.get("regionId");
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public QueryParams query() {
        return query;
    }

    public <T> T body(Class<T> type) {
        return Json.read(body, type);
    }
}
