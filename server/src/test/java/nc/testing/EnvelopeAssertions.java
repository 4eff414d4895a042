package nc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The response shape of docs/api/nc.md §1.5 and §3.1, checked the way JD Cloud's clients depend on it. */
public final class EnvelopeAssertions {
    public static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    /** docs/api/nc.md §3.2: every status string the server may use, with its HTTP status. */
    public static final Map<String, Integer> STATUS_TABLE = Map.of(
            "INVALID_ARGUMENT", 400,
            "FAILED_PRECONDITION", 400,
            "UNAUTHENTICATED", 401,
            "PERMISSION_DENIED", 403,
            "NOT_FOUND", 404,
            "ALREADY_EXISTS", 409,
            "QUOTA_EXCEEDED", 429,
            "RATE_LIMIT_EXCEEDED", 429,
            "INTERNAL", 500,
            "UNAVAILABLE", 503);
    private static final Pattern REQUEST_ID = Pattern.compile("[a-z0-9]{32}");

    private EnvelopeAssertions() {
    }

    /**
     * Any response: the exact Content-Type, a JSON object body with a well-formed requestId
     * repeated in x-jdcloud-request-id, never 204/304; errors carry code = HTTP status, a
     * §3.2 status string, a message, no result, and string-only details. Returns the requestId.
     */
    public static String assertEnvelope(ApiResponse r) {
        assertThat(r.status()).as("HTTP status of %s", r).isNotIn(204, 304).isBetween(200, 599);
        assertThat(r.headers().allValues("content-type")).as("Content-Type of %s", r).containsExactly(CONTENT_TYPE);
        assertThat(r.json()).as("body is JSON: %s", r).isNotNull();
        assertThat(r.json().isObject()).as("body is a JSON object: %s", r).isTrue();
        JsonNode id = r.json().get("requestId");
        assertThat(id).as("requestId in %s", r).isNotNull();
        assertThat(id.isTextual()).as("requestId is a string in %s", r).isTrue();
        assertThat(id.asText()).as("requestId of %s", r).matches(REQUEST_ID);
        assertThat(r.headers().allValues("x-jdcloud-request-id")).as("x-jdcloud-request-id of %s", r)
                .containsExactly(id.asText());
        List<String> members = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(members::add);
        if (r.status() == 200) {
            assertThat(members).as("members of a success: %s", r).contains("requestId").doesNotContain("error")
                    .isSubsetOf("requestId", "result");
            if (r.json().has("result")) {
                assertThat(r.json().get("result").isObject()).as("result is an object: %s", r).isTrue();
            }
        } else {
            assertThat(r.status()).as("an error status: %s", r).isBetween(400, 599);
            assertThat(members).as("members of an error: %s", r).containsExactlyInAnyOrder("requestId", "error");
            JsonNode error = r.json().get("error");
            assertThat(error.isObject()).as("error is an object: %s", r).isTrue();
            assertThat(error.path("code").isInt()).as("error.code is an integer: %s", r).isTrue();
            assertThat(error.path("code").asInt()).as("error.code equals the HTTP status: %s", r).isEqualTo(r.status());
            assertThat(error.path("status").isTextual()).as("error.status is a string: %s", r).isTrue();
            assertThat(STATUS_TABLE).as("error.status is one of docs/api/nc.md §3.2: %s", r).containsKey(error.path("status").asText());
            assertThat(error.path("message").isTextual()).as("error.message is a string: %s", r).isTrue();
            assertThat(error.path("message").asText()).as("error.message of %s", r).isNotBlank();
            if (error.has("details")) {
                JsonNode details = error.get("details");
                assertThat(details.isArray()).as("error.details is an array: %s", r).isTrue();
                for (JsonNode detail : details) {
                    assertThat(detail.isObject()).as("each detail is an object: %s", r).isTrue();
                    detail.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual())
                            .as("detail member %s is a string: %s", e.getKey(), r).isTrue());
                }
            }
        }
        return id.asText();
    }

    /** An error whose HTTP status and status string are exactly these (and a pair of the §3.2 table). */
    public static String assertError(ApiResponse r, int httpStatus, String status) {
        String id = assertEnvelope(r);
        assertThat(r.status()).as(r.toString()).isEqualTo(httpStatus);
        assertThat(r.errorStatus()).as(r.toString()).isEqualTo(status);
        assertThat(STATUS_TABLE.get(status)).as("§3.2 pairs %s with HTTP %s", status, httpStatus).isEqualTo(httpStatus);
        return id;
    }

    /** A 400 INVALID_ARGUMENT whose message names this parameter path (and details, when present, too). */
    public static String assertInvalid(ApiResponse r, String field) {
        String id = assertError(r, 400, "INVALID_ARGUMENT");
        assertThat(r.errorMessage()).as("message names %s: %s", field, r)
                .containsPattern("(?<![\\w.])" + Pattern.quote(field) + "(?![\\w.])");
        JsonNode details = r.json().path("error").path("details");
        if (details.isArray() && details.size() > 0) {
            assertThat(details.get(0).path("field").asText()).as("details[0].field of %s", r).isEqualTo(field);
        }
        return id;
    }

    /** A success (200) with a {@code result} object. */
    public static JsonNode assertSuccess(ApiResponse r) {
        assertEnvelope(r);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().has("result")).as("result member in %s", r).isTrue();
        return r.json().get("result");
    }
}
