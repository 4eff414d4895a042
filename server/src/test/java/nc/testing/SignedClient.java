package nc.testing;

import com.jdcloud.sdk.auth.Credentials;
import com.jdcloud.sdk.auth.sign.JdCloudSigner;
import com.jdcloud.sdk.http.DefaultSdkHttpFullRequest;
import com.jdcloud.sdk.http.SdkHttpFullRequest;
import com.jdcloud.sdk.http.SdkHttpMethod;
import com.jdcloud.sdk.utils.SdkHttpUtils;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Sends requests signed by JD Cloud's own signer (com.jdcloud.sdk:core), the way the Java SDK
 * prepares them: the path strictly encoded for signing but sent with a literal colon, query
 * values as decoded strings, a fresh nonce per request.
 */
public final class SignedClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String service;
    private final String signingRegion;
    private final Date signingDate;
    private final UnaryOperator<SignedParts> tamper;

    public SignedClient(String endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, "nc", null, null, UnaryOperator.identity());
    }

    private SignedClient(String endpoint, String accessKey, String secretKey, String service, String signingRegion,
            Date signingDate, UnaryOperator<SignedParts> tamper) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.service = service;
        this.signingRegion = signingRegion;
        this.signingDate = signingDate;
        this.tamper = tamper;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Signs with another service name in the credential scope. */
    public SignedClient service(String value) {
        return new SignedClient(endpoint, accessKey, secretKey, value, signingRegion, signingDate, tamper);
    }

    /** Signs with this region in the scope instead of the path's region. */
    public SignedClient signingRegion(String value) {
        return new SignedClient(endpoint, accessKey, secretKey, service, value, signingDate, tamper);
    }

    /** Signs as if at this time (x-jdcloud-date). */
    public SignedClient signingDate(Date value) {
        return new SignedClient(endpoint, accessKey, secretKey, service, signingRegion, value, tamper);
    }

    /** Changes the request after it was signed (to prove the server notices). */
    public SignedClient tamper(UnaryOperator<SignedParts> value) {
        return new SignedClient(endpoint, accessKey, secretKey, service, signingRegion, signingDate, value);
    }

    /** The same keys, sending to another server (a replica on the same database). */
    public SignedClient at(String otherEndpoint) {
        return new SignedClient(otherEndpoint, accessKey, secretKey, service, signingRegion, signingDate, tamper);
    }

    public SignedClient withKeys(String ak, String sk) {
        return new SignedClient(endpoint, ak, sk, service, signingRegion, signingDate, tamper);
    }

    public ApiResponse get(String path) {
        return send("GET", path, Map.of(), null);
    }

    public ApiResponse get(String path, Map<String, ?> query) {
        return send("GET", path, query, null);
    }

    public ApiResponse post(String path, String json) {
        return send("POST", path, Map.of(), json);
    }

    public ApiResponse patch(String path, String json) {
        return send("PATCH", path, Map.of(), json);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, Map.of(), null);
    }

    /** The request as it will go on the wire; tests may change any part after signing. */
    public record SignedParts(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public SignedParts withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            if (value != null) {
                copy.put(name, value);
            }
            return new SignedParts(method, path, query, copy, body);
        }

        public SignedParts withBody(byte[] value) {
            return new SignedParts(method, path, query, headers, value);
        }

        public SignedParts withPath(String value) {
            return new SignedParts(method, value, query, headers, body);
        }

        public SignedParts withQuery(String value) {
            return new SignedParts(method, path, value, headers, body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /** Query values may be a String or a List of Strings (a repeated parameter). */
    public ApiResponse send(String method, String path, Map<String, ?> query, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        SignedParts parts = tamper.apply(sign(method, path, query, body));
        return sendRaw(parts);
    }

    public SignedParts sign(String method, String path, Map<String, ?> query, byte[] body) {
        JdCloudSigner signer = new JdCloudSigner();
        signer.setRegionName(signingRegion != null ? signingRegion : regionOf(path));
        signer.setServiceName(service);
        if (signingDate != null) {
            signer.setOverrideDate(signingDate);
        }
        DefaultSdkHttpFullRequest.Builder builder = DefaultSdkHttpFullRequest.builder()
                .httpMethod(SdkHttpMethod.fromValue(method))
                .endpoint(URI.create(endpoint))
                .resourcePath(SdkHttpUtils.urlEncode(path, true))
                .header("X-Jdcloud-Nonce", UUID.randomUUID().toString())
                .header("Content-Type", "application/json");
        List<String> queryParts = new ArrayList<>();
        for (Map.Entry<String, ?> e : query.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            List<String> texts = values.stream().map(String::valueOf).toList();
            builder.queryParameter(e.getKey(), texts);
            for (String v : texts) {
                queryParts.add(formEncode(e.getKey()) + "=" + formEncode(v));
            }
        }
        builder.content(new ByteArrayInputStream(body));
        SdkHttpFullRequest signed = signer.sign(builder, new Credentials(accessKey, secretKey));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.getHeaders().forEach((name, values) -> {
            if (!List.of("host", "content-length", "connection").contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, values.get(0));
            }
        });
        return new SignedParts(method, path, String.join("&", queryParts), headers, body);
    }

    public ApiResponse sendRaw(SignedParts parts) {
        String uri = endpoint + parts.path() + (parts.query() == null || parts.query().isEmpty() ? "" : "?" + parts.query());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .method(parts.method(), parts.body().length == 0 && !parts.method().equals("POST") && !parts.method().equals("PATCH")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(parts.body()));
        parts.headers().forEach(request::header);
        return ApiResponse.send(HTTP, request.build());
    }

    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String regionOf(String path) {
        String[] parts = path.split("/");
        return parts.length > 3 && parts[2].equals("regions") ? parts[3].split(":")[0] : "cn-north-1";
    }
}
