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
    private final Operation operation;
    private String logDetail;

    Call(String requestId, Principal principal, Map<String, String> pathParams, QueryParams query, byte[] body, Operation operation) {
        this.operation = operation;
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

    /** Adds to the access-log line of this request (never secrets, never stdin). */
    public void logDetail(String detail) {
        this.logDetail = detail;
    }

    Operation operation() {
        return operation;
    }

    String logDetail() {
        return logDetail;
    }
}
