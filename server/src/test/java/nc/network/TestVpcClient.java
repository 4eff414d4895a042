package nc.network;

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
 * A client built like JD Cloud's generated {@code VpcClient} (core 1.2.9, service {@code vpc}):
 * the vendor's executor serialises, builds the query, signs and parses the envelope. The paths are
 * the vpc executors' own, trailing slashes included.
 */
final class TestVpcClient extends JdcloudClient {
    private final CredentialsProvider credentials;
    private final Environment environment;
    private final HttpRequestConfig config = new HttpRequestConfig.Builder().protocol(Protocol.HTTP).build();

    TestVpcClient(String hostAndPort, String accessKey, String secretKey) {
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
        return "JdcloudSdkJava/1.2.9 vpc/v1";
    }

    @Override
    public String getServiceName() {
        return "vpc";
    }

    @Override
    public String getVersion() {
        return "v1";
    }

    <R extends JdcloudResponse<?>> R call(String method, String url, Class<R> responseType, JdcloudRequest request) {
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
