package nc.testing;

import com.jdcloud.sdk.auth.CredentialsProvider;
import com.jdcloud.sdk.auth.StaticCredentialsProvider;
import com.jdcloud.sdk.client.Environment;
import com.jdcloud.sdk.client.JdcloudClient;
import com.jdcloud.sdk.client.JdcloudExecutor;
import com.jdcloud.sdk.http.HttpRequestConfig;
import com.jdcloud.sdk.http.Protocol;
import com.jdcloud.sdk.service.JdcloudRequest;
import com.jdcloud.sdk.service.JdcloudResponse;

/**
 * A client built exactly like JD Cloud's generated {@code NcClient}, {@code VpcClient} or
 * {@code DiskClient} (core 1.2.9): the vendor's executor serialises the request, builds the query,
 * signs with the service's scope, sends and parses the envelope. Only the model classes of each
 * test are ours, written after the SDK's shapes.
 */
public final class VendorSdkClient extends JdcloudClient {
    private final CredentialsProvider credentials;
    private final Environment environment;
    private final HttpRequestConfig config;

    private final String service;

    /** service: nc, vpc or disk (the signing scope and the User-Agent). */
    public VendorSdkClient(String service, String hostAndPort, String accessKey, String secretKey) {
        this(service, hostAndPort, accessKey, secretKey, Protocol.HTTP);
    }

    /** With Protocol.HTTPS, as against a server with TLS (the JVM's trust store must trust its certificate). */
    public VendorSdkClient(String service, String hostAndPort, String accessKey, String secretKey, Protocol protocol) {
        this.config = new HttpRequestConfig.Builder().protocol(protocol).build();
        this.service = service;
        this.credentials = new StaticCredentialsProvider(accessKey, secretKey);
        this.environment = new Environment.Builder().endpoint(hostAndPort).build();
    }

    @Override
    public CredentialsProvider getCredentialsProvider() {
        return credentials;
    }

    @Override
    public HttpRequestConfig getHttpRequestConfig() {
        return config;
    }

    @Override
    public Environment getEnvironment() {
        return environment;
    }

    @Override
    public String getUserAgent() {
        return "JdcloudSdkJava/1.2.9 " + service + "/v1";
    }

    @Override
    public String getServiceName() {
        return service;
    }

    @Override
    public String getVersion() {
        return "v1";
    }

    public <R extends JdcloudResponse<?>> R call(String method, String url, Class<R> responseType, JdcloudRequest request) {
        return new JdcloudExecutor() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public Class<? extends JdcloudResponse> returnType() {
                return responseType;
            }
        }.client(this).execute(request);
    }
}
