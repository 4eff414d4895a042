package nc.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The operator API with the bearer token. */
public final class AdminClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String endpoint;
    private final String token;

    public AdminClient(String endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    public AdminClient withToken(String value) {
        return new AdminClient(endpoint, value);
    }

    public ApiResponse get(String path) {
        return send("GET", path, null);
    }

    public ApiResponse post(String path, String json) {
        return send("POST", path, json);
    }

    public ApiResponse patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    public ApiResponse send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return ApiResponse.send(HTTP, request.build());
    }
}
