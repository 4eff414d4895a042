package nc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;

/** One answer of the server, with its envelope parsed. */
public record ApiResponse(int status, HttpHeaders headers, String body, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ApiResponse of(int status, HttpHeaders headers, String body) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new ApiResponse(status, headers, body, json);
    }

    public JsonNode result() {
        return json.path("result");
    }

    public String errorStatus() {
        return json.path("error").path("status").asText(null);
    }

    public String errorMessage() {
        return json.path("error").path("message").asText(null);
    }

    public String contentType() {
        return headers.firstValue("content-type").orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
