package nc.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.error.ErrorStatus;

/** The response body of docs/api/nc.md §1.5 and §3.1: {@code {requestId, result}} or {@code {requestId, error}}. */
public final class Envelope {
    public static final String CONTENT_TYPE = "application/json; charset=UTF-8";

    private Envelope() {
    }

    public static byte[] success(String requestId, Object result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        if (result != null) {
            body.put("result", result);
        }
        return Json.write(body);
    }

    public static byte[] error(String requestId, ErrorStatus status, String message, String field) {
        return error(requestId, status.code(), status, message, field);
    }

    /** For the rare HTTP-layer refusal whose status line is not the status's own code (414, 431): code follows the line. */
    public static byte[] error(String requestId, int httpCode, ErrorStatus status, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", httpCode);
        error.put("status", status.name());
        error.put("message", message);
        if (field != null) {
            error.put("details", List.of(Map.of("field", field)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("error", error);
        return Json.write(body);
    }

    /** The envelope status for an HTTP error that happened below the application (Jetty). */
    public static ErrorStatus statusFor(int httpCode) {
        return switch (httpCode) {
            case 401 -> ErrorStatus.UNAUTHENTICATED;
            case 403 -> ErrorStatus.PERMISSION_DENIED;
            case 404, 405 -> ErrorStatus.NOT_FOUND;
            case 429 -> ErrorStatus.RATE_LIMIT_EXCEEDED;
            case 503 -> ErrorStatus.UNAVAILABLE;
            case 501, 505 -> ErrorStatus.INVALID_ARGUMENT;
            default -> httpCode >= 500 ? ErrorStatus.INTERNAL : ErrorStatus.INVALID_ARGUMENT;
        };
    }
}
