package nc.error;

/** The error status strings of docs/api/nc.md §3.2, each with the HTTP code it always travels with. */
public enum ErrorStatus {
    INVALID_ARGUMENT(400),
    FAILED_PRECONDITION(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    QUOTA_EXCEEDED(429),
    RATE_LIMIT_EXCEEDED(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int code;

    ErrorStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
