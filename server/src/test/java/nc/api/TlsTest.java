package nc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jdcloud.sdk.http.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import nc.config.StartupRefused;
import nc.sdk.Model.DockerRegistryData;
import nc.sdk.Model.CreateSecretRequest;
import nc.sdk.Model.CreateSecretResponse;
import nc.sdk.Model.DescribeSecretsRequest;
import nc.sdk.Model.DescribeSecretsResponse;
import nc.testing.Secrets;
import nc.testing.TestCa;
import nc.testing.TestServer;
import nc.testing.VendorSdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with the operator's certificate and key (made here by a CA of the test's own): JD Cloud's
 * SDK with Protocol.HTTPS and java.net.http trusting that CA work; a client that does not trust
 * it, or speaks plain HTTP, gets nothing. The operator API answers on its own port only.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static TestServer server;

    @BeforeAll
    static void start() {
        ca = TestCa.create(dir);
        server = TestServer.start(c -> c.withSecurity(c.security().withTls(ca.chain(), ca.serverKey()).withOperatorAddress("127.0.0.1", 0)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theVendorSdkSignsAndCallsOverHttpsTrustingTheOperatorsCa() {
        String[] saved = {System.getProperty("javax.net.ssl.trustStore"), System.getProperty("javax.net.ssl.trustStorePassword"),
                System.getProperty("javax.net.ssl.trustStoreType")};
        System.setProperty("javax.net.ssl.trustStore", ca.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", ca.trustStorePassword());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            VendorSdkClient sdk = new VendorSdkClient("nc", "127.0.0.1:" + server.server().port(), server.defaultKey().accessKey(),
                    server.defaultKey().secretKey(), Protocol.HTTPS);
            CreateSecretRequest create = new CreateSecretRequest();
            create.regionId = "cn-north-1";
            create.name = "over-tls";
            create.secretType = "docker-registry";
            create.data = new DockerRegistryData();
            create.data.server = Secrets.b64("registry.example.com");
            create.data.username = Secrets.b64("bob");
            create.data.password = Secrets.b64(Secrets.PASSWORD);
            CreateSecretResponse created = sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, create);
            assertThat(created.getError()).isNull();
            DescribeSecretsRequest list = new DescribeSecretsRequest();
            list.regionId = "cn-north-1";
            DescribeSecretsResponse listed = sdk.call("GET", "/regions/{regionId}/secrets", DescribeSecretsResponse.class, list);
            assertThat(listed.getError()).isNull();
            assertThat(listed.getResult().secrets).extracting(s -> s.name).contains("over-tls");
        } finally {
            String[] names = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
            for (int i = 0; i < names.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(names[i]);
                } else {
                    System.setProperty(names[i], saved[i]);
                }
            }
        }
    }

    @Test
    void theOperatorApiAnswersOnItsOwnPortOnlyAndTheTenantApiOnlyOnTheOther() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
        String tenant = "https://127.0.0.1:" + server.server().port();
        String operator = "https://127.0.0.1:" + server.server().operatorPort();
        assertThat(server.server().operatorPort()).isNotEqualTo(server.server().port());
        String token = server.server().operatorToken();

        assertThat(get(http, tenant + "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(http, operator + "/admin/accounts", token).statusCode()).isEqualTo(200);
        HttpResponse<String> adminOnTenantPort = get(http, tenant + "/admin/accounts", token);
        assertThat(adminOnTenantPort.statusCode()).isEqualTo(404);
        assertThat(adminOnTenantPort.body()).contains("NOT_FOUND").doesNotContain("accounts\":[");
        assertThat(get(http, operator + "/v1/regions/cn-north-1/secrets", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aClientThatDoesNotTrustTheCaOrSpeaksPlainHttpGetsNoAnswer() throws Exception {
        String port = String.valueOf(server.server().port());
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "https://127.0.0.1:" + port + "/health", null))
                .isInstanceOf(SSLHandshakeException.class);
        int plain;
        try {
            plain = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/health", null).statusCode();
        } catch (IOException refused) {
            plain = -1;
        }
        assertThat(plain).as("plain HTTP to the HTTPS port").isNotEqualTo(200);
    }

    @Test
    void aKeyThatIsNotTheCertificatesRefusesTheStart() {
        assertThatThrownBy(() -> TestServer.start(c -> c.withSecurity(c.security().withTls(ca.chain(), ca.otherKey()))))
                .isInstanceOf(StartupRefused.class)
                .hasMessageContaining("is not the key of the first certificate");
        assertThat(List.of(ca.chain(), ca.serverKey())).allMatch(p -> p.toFile().isFile());
    }
}
