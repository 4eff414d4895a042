package nc.bench;

import com.jdcloud.sdk.auth.Credentials;
import com.jdcloud.sdk.auth.sign.JdCloudSigner;
import com.jdcloud.sdk.http.DefaultSdkHttpFullRequest;
import com.jdcloud.sdk.http.SdkHttpFullRequest;
import com.jdcloud.sdk.http.SdkHttpMethod;
import com.jdcloud.sdk.utils.SdkHttpUtils;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builds requests signed by JD Cloud's own SDK signer, exactly as an SDK client would send them. */
final class SdkSignedRequests {
    /** java.net.http sets these itself (Host as 127.0.0.1:port, which is what the signer signed). */
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection");
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final Credentials credentials;
    private final JdCloudSigner signer = new JdCloudSigner();

    SdkSignedRequests(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.credentials = new Credentials(accessKey, secretKey);
        signer.setRegionName("cn-north-1");
        signer.setServiceName("nc");
    }

    /** A freshly signed request with its own nonce; the server accepts it once, within 15 minutes. */
    HttpRequest sign(String method, String path, Map<String, String> query, byte[] body) {
        DefaultSdkHttpFullRequest.Builder sdk = DefaultSdkHttpFullRequest.builder()
                .httpMethod(SdkHttpMethod.fromValue(method))
                .endpoint(endpoint)
                .resourcePath(SdkHttpUtils.urlEncode(path, true))
                .header("X-Jdcloud-Nonce", UUID.randomUUID().toString())
                .header("Content-Type", "application/json");
        query.forEach(sdk::queryParameter);
        sdk.content(new ByteArrayInputStream(body));
        SdkHttpFullRequest signed = signer.sign(sdk, credentials);

        HttpRequest.Builder http = HttpRequest.newBuilder(uri(path, query))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.getHeaders().forEach((name, values) -> {
            if (!SET_BY_HTTP_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return http.build();
    }

    private URI uri(String path, Map<String, String> query) {
        String rawQuery = query.entrySet().stream()
                .map(e -> SdkHttpUtils.urlEncode(e.getKey(), false) + "=" + SdkHttpUtils.urlEncode(e.getValue(), false))
                .collect(Collectors.joining("&"));
        return URI.create(endpoint + SdkHttpUtils.urlEncode(path, true) + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }
}
