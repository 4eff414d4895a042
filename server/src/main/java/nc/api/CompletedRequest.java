package nc.api;

/**
 * One answered API request, as listeners (the access log, metrics) see it. {@code operation} is
 * null when no operation matched; {@code accountId} is null for unsigned calls and refused
 * signatures; {@code errorStatus} is null on success; {@code detail} is what the operation adds to
 * its log line (an exec's container and command), or null.
 */
public record CompletedRequest(String requestId, String method, String path, String operation, String accountId,
        int status, String errorStatus, long nanos, String detail) {

    /** Told of every request once its answer is written. Must be quick and must not throw. */
    @FunctionalInterface
    public interface Listener {
        void completed(CompletedRequest request);
    }
}
