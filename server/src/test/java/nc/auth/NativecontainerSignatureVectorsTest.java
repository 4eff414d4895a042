package nc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signatures of docs/api/nativecontainer.md §8 (scope nativecontainer and nc), through the server's own verifier. */
class NativecontainerSignatureVectorsTest {
    static final String SK = SignatureVectorsTest.SK;
    static final String DATE = SignatureVectorsTest.DATE;
    static final String CREDENTIAL = "AKEXAMPLE1234567890/20180901/cn-north-1/";
    static final String JDCLOUD2_HEADERS = " SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce,";

    static SignedRequest request(String method, String host, String path, String query, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("host", host);
        headers.put("x-jdcloud-date", DATE);
        headers.put("x-jdcloud-nonce", SignatureVectorsTest.NONCE);
        return new SignedRequest(method, path, query, headers::get, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String canonicalHash(SignedRequest request, Authorization auth) {
        return Signer.hex(Signer.sha256(Signer.canonicalRequest(request, auth).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theKeyChainOfTheNativecontainerScope() {
        assertThat(Signer.hex(Signer.signingKey(Algorithm.JDCLOUD2, SK, "20180901", "cn-north-1", "nativecontainer")))
                .isEqualTo("94ac81659c83548659dac7cf476626c2daadecc087790b86a6b615c5896adaf6");
        assertThat(Signer.hex(Signer.signingKey(Algorithm.JDCLOUD3, SK, "20180901", "cn-north-1", "nativecontainer")))
                .isEqualTo("d334b48b72afbbcba2b945f03dd0d3104929ef9b2f67c777d3fbe535a584f48a");
    }

    @Test
    void execCreateFromTheJavaSdk() {
        String body = "{\"command\":[\"/bin/sh\"],\"tty\":true,\"regionId\":\"cn-north-1\",\"containerId\":\"c-1a2b3c4d5e\",\"cookies\":[]}";
        SignedRequest request = request("POST", "nativecontainer.jdcloud-api.com",
                "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e:execCreate", null, body);
        Authorization auth = Authorization.parse("JDCLOUD2-HMAC-SHA256 Credential=" + CREDENTIAL + "nativecontainer/jdcloud2_request,"
                + JDCLOUD2_HEADERS + " Signature=63fa8ee41b830dbeb6d34fc2a54a31a8fcf900d75880310a41f6ed52a86f3914").orElseThrow();

        assertThat(Signer.hex(Signer.sha256(request.body())))
                .isEqualTo("7f66388e66842e20bafa06a1b823a6603e8798f3a36cb68963aac6cebd58b634");
        assertThat(canonicalHash(request, auth)).isEqualTo("2283770f775555b692a5587dd748e4ae77bba6f6eebd71c2a0fe19698e99ac8a");
        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void execGetExitCodeAndDescribeInstanceTypes() {
        SignedRequest exit = request("GET", "nativecontainer.jdcloud-api.com",
                "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e:execGetExitCode", "execId=9f3c2a7b1d4e4f6a8b0c2d4e6f8a0b1c", "");
        Authorization exitAuth = Authorization.parse("JDCLOUD2-HMAC-SHA256 Credential=" + CREDENTIAL
                + "nativecontainer/jdcloud2_request," + JDCLOUD2_HEADERS
                + " Signature=eea4a4aa37ca691250c2ca52fb77cbeb556c4d20a1b5b4a4a2c8d3f4f94b28a9").orElseThrow();
        assertThat(canonicalHash(exit, exitAuth)).isEqualTo("aff0d304f3353dcf30066ffa47f0149ace670cec2e2dae425bdaca6346c07350");
        assertThat(Signer.expectedSignature(exit, exitAuth, DATE, SK)).isEqualTo(exitAuth.signature());

        SignedRequest types = request("GET", "nativecontainer.jdcloud-api.com", "/v1/regions/cn-north-1/instanceTypes",
                "filters.1.name=instanceTypes&filters.1.values.1=g.n2.medium&filters.1.values.2=c.n2.large"
                        + "&filters.2.name=az&filters.2.values.1=cn-north-1a", "");
        Authorization typesAuth = Authorization.parse("JDCLOUD2-HMAC-SHA256 Credential=" + CREDENTIAL
                + "nativecontainer/jdcloud2_request," + JDCLOUD2_HEADERS
                + " Signature=9ffb3964ea631bf07359d78ad85a42a89821ae5b74dd58c5b31c41a0bb59aee1").orElseThrow();
        assertThat(canonicalHash(types, typesAuth)).isEqualTo("a0faadf59383da6150a2db7cb7299527bcdb95e5f3a928f732dc81125095270a");
        assertThat(Signer.expectedSignature(types, typesAuth, DATE, SK)).isEqualTo(typesAuth.signature());
    }

    @Test
    void theWebSocketUpgradesOfJdcSignedWithJdcloud3AndJdcloud2() {
        String path = "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e:execStart";
        String query = "execId=9f3c2a7b1d4e4f6a8b0c2d4e6f8a0b1c";
        SignedRequest upgrade = request("GET", "nc.jdcloud-api.com", path, query, "");

        Authorization v3 = Authorization.parse("JDCLOUD3-HMAC-SHA256 Credential=" + CREDENTIAL + "nativecontainer/jdcloud3_request,"
                + " SignedHeaders=content-type;host,"
                + " Signature=b3ba0fed74f886995f7e03d544ca110184d215154e996bfc904c1cbca9fda5b0").orElseThrow();
        assertThat(Signer.canonicalRequest(upgrade, v3)).isEqualTo("GET\n"
                + "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e%3AexecStart\n"
                + "execId=9f3c2a7b1d4e4f6a8b0c2d4e6f8a0b1c\n"
                + "content-type:application/json\n"
                + "host:nc.jdcloud-api.com\n"
                + "\n"
                + "content-type;host\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(canonicalHash(upgrade, v3)).isEqualTo("5c3e2308ff02ef7bb33e940a6f10d4eafbe38d863fdead9185fae9d11e96d5f7");
        assertThat(Signer.expectedSignature(upgrade, v3, DATE, SK)).isEqualTo(v3.signature());

        Authorization v2 = Authorization.parse("JDCLOUD2-HMAC-SHA256 Credential=" + CREDENTIAL + "nativecontainer/jdcloud2_request,"
                + JDCLOUD2_HEADERS + " Signature=04b5078e449663dae39261f34de6abe9b6c6d5dd24f5370fcee87c0d716fb161").orElseThrow();
        assertThat(canonicalHash(upgrade, v2)).isEqualTo("d929fc2f4d431fa333d757aab227516d04efdb37e7af33a6d50324635fd5c0d1");
        assertThat(Signer.expectedSignature(upgrade, v2, DATE, SK)).isEqualTo(v2.signature());

        SignedRequest attach = request("GET", "nc.jdcloud-api.com", "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e:attach", null, "");
        Authorization attachAuth = Authorization.parse("JDCLOUD3-HMAC-SHA256 Credential=" + CREDENTIAL + "nc/jdcloud3_request,"
                + " SignedHeaders=content-type;host,"
                + " Signature=0fbac7faa45e2fdc7a34b60b4b13882493691a16a8dad85a7abe0af0582c4aca").orElseThrow();
        assertThat(canonicalHash(attach, attachAuth)).isEqualTo("4f437766ea07d573b58e8856fbe4f737d7f6ab4d60006a7ac192d44604a8c780");
        assertThat(Signer.expectedSignature(attach, attachAuth, DATE, SK)).isEqualTo(attachAuth.signature());
    }
}
