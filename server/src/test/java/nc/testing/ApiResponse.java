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

    /** Sends and parses; I/O failures become unchecked. */
    public static ApiResponse send(java.net.http.HttpClient http, java.net.http.HttpRequest request) {
        try {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return of(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
