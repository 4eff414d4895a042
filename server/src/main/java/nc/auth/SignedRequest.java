package nc.auth;

import java.util.function.Function;

/**
 * A request as the signature sees it: the path and query exactly as received (still
 * percent-encoded), a header lookup (case-insensitive, null when absent) and the raw body.
 */
public record SignedRequest(
        String method,
        String rawPath,
        String rawQuery,
        Function<String, String> header,
        byte[] body) {
}
