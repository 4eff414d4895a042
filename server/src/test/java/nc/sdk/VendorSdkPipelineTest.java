package nc.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nc.sdk.Model.CreateSecretRequest;
import nc.sdk.Model.CreateSecretResponse;
import nc.sdk.Model.DeleteSecretResponse;
import nc.sdk.Model.DescribeQuotaRequest;
import nc.sdk.Model.DescribeQuotaResponse;
import nc.sdk.Model.DescribeSecretResponse;
import nc.sdk.Model.DescribeSecretsRequest;
import nc.sdk.Model.DescribeSecretsResponse;
import nc.sdk.Model.DockerRegistryData;
import nc.sdk.Model.Filter;
import nc.sdk.Model.SecretNameRequest;
import nc.testing.Secrets;
import nc.testing.TestServer;
import nc.testing.VendorSdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JD Cloud's own Java SDK runtime, unchanged, talking to nc: what a user's code does. */
class VendorSdkPipelineTest {
    static TestServer server;
    static VendorSdkClient sdk;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sdk = new VendorSdkClient("nc", "127.0.0.1:" + server.server().port(), server.defaultKey().accessKey(), server.defaultKey().secretKey());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CreateSecretRequest secret(String name) {
        CreateSecretRequest request = new CreateSecretRequest();
        request.regionId = "cn-north-1";
        request.name = name;
        request.secretType = "docker-registry";
        request.data = new DockerRegistryData();
        request.data.server = Secrets.b64("registry.example.com");
        request.data.username = Secrets.b64("alice");
        request.data.password = Secrets.b64("p<a>s&s'w=rd");
        return request;
    }

    private static SecretNameRequest named(String name) {
        SecretNameRequest request = new SecretNameRequest();
        request.regionId = "cn-north-1";
        request.name = name;
        return request;
    }

    @Test
    void theSdkCreatesListsDescribesAndDeletesSecrets() {
        CreateSecretResponse created = sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, secret("sdk-web"));
        assertThat(created.getError()).isNull();
        assertThat(created.getRequestId()).hasSize(32);
        assertThat(created.getResult().secretName).isEqualTo("sdk-web");
        sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, secret("sdk-db"));

        DescribeSecretsRequest list = new DescribeSecretsRequest();
        list.regionId = "cn-north-1";
        list.pageNumber = 1;
        list.pageSize = 10;
        list.filters = List.of(new Filter("name", List.of("WEB")));
        DescribeSecretsResponse listed = sdk.call("GET", "/regions/{regionId}/secrets", DescribeSecretsResponse.class, list);
        assertThat(listed.getError()).isNull();
        assertThat(listed.getResult().totalCount).isEqualTo(1);
        assertThat(listed.getResult().secrets.get(0).name).isEqualTo("sdk-web");
        assertThat(listed.getResult().secrets.get(0).data.password).isNull();

        DescribeSecretResponse described = sdk.call("GET", "/regions/{regionId}/secrets/{name}", DescribeSecretResponse.class, named("sdk-db"));
        assertThat(described.getResult().secret.data.username).isEqualTo(Secrets.b64("alice"));
        assertThat(described.getResult().secret.type).isEqualTo("docker-registry");

        DeleteSecretResponse deleted = sdk.call("DELETE", "/regions/{regionId}/secrets/{name}", DeleteSecretResponse.class, named("sdk-db"));
        assertThat(deleted.getError()).isNull();
        assertThat(deleted.getRequestId()).hasSize(32);
    }

    @Test
    void theSdkReadsErrorsFromTheEnvelope() {
        sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, secret("sdk-twice"));
        CreateSecretResponse again = sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, secret("sdk-twice"));
        assertThat(again.getResult()).isNull();
        assertThat(again.getError().getCode()).isEqualTo(409);
        assertThat(again.getError().getStatus()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.getError().getMessage()).contains("sdk-twice");

        DescribeSecretResponse missing = sdk.call("GET", "/regions/{regionId}/secrets/{name}", DescribeSecretResponse.class, named("nope"));
        assertThat(missing.getError().getCode()).isEqualTo(404);
        assertThat(missing.getError().getStatus()).isEqualTo("NOT_FOUND");

        CreateSecretRequest bad = secret("sdk-bad");
        bad.data.password = "not base64!";
        CreateSecretResponse refused = sdk.call("POST", "/regions/{regionId}/secrets", CreateSecretResponse.class, bad);
        assertThat(refused.getError().getCode()).isEqualTo(400);
        assertThat(refused.getError().getDetails()[0].get("field")).isEqualTo("data.password");
    }

    @Test
    void theSdkReadsTheQuota() {
        DescribeQuotaRequest request = new DescribeQuotaRequest();
        request.regionId = "cn-north-1";
        request.resourceType = "container";
        DescribeQuotaResponse response = sdk.call("GET", "/regions/{regionId}/quotas", DescribeQuotaResponse.class, request);
        assertThat(response.getError()).isNull();
        assertThat(response.getResult().quota.resourceType).isEqualTo("container");
        assertThat(response.getResult().quota.limit).isEqualTo(20);
        assertThat(response.getResult().quota.used).isZero();
    }
}
