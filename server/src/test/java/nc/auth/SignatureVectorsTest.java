package nc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three worked examples of docs/api/nc.md §2.4, byte for byte, through the server's own verifier. */
class SignatureVectorsTest {
    static final String SK = "SKEXAMPLEabcdefghij0123456789";
    static final String DATE = "20180901T083000Z";
    static final String NONCE = "3f2a1c7e-5b4d-4e8f-9a6b-0c1d2e3f4a5b";
    static final String START_PATH = "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e:startContainer";
    static final String JAVA_BODY = "{\"regionId\":\"cn-north-1\",\"containerId\":\"c-1a2b3c4d5e\"}";
    static final String PYTHON_BODY = "{\"regionId\": \"cn-north-1\", \"containerId\": \"c-1a2b3c4d5e\"}";
    static final String B_QUERY = "pageNumber=1&pageSize=20&filters.1.name=status&filters.1.values.1=running"
            + "&filters.1.values.2=stopped&filters.2.name=name&filters.2.values.1=web%20server";

    static final String AUTH_A = "JDCLOUD2-HMAC-SHA256 Credential=AKEXAMPLE1234567890/20180901/cn-north-1/nc/jdcloud2_request,"
            + " SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce,"
            + " Signature=4290ef74c3096a57351cc6080951202634e8fb42d37e4b1f036fd91bb5b15162";
    static final String AUTH_B = "JDCLOUD2-HMAC-SHA256 Credential=AKEXAMPLE1234567890/20180901/cn-north-1/nc/jdcloud2_request,"
            + " SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce,"
            + " Signature=9d3cb58bdcb16b59bd27ff0cdc66348145bd1c97c7e97fc9595090579abbb9d2";
    static final String AUTH_C = "JDCLOUD3-HMAC-SHA256 Credential=AKEXAMPLE1234567890/20180901/cn-north-1/nc/jdcloud3_request,"
            + " SignedHeaders=content-type;host,"
            + " Signature=294f9a3e439344e869e7f81d9b1783bd70b4cbb84397d1e1820f70ca3aa570ef";

    static SignedRequest request(String method, String path, String query, String body) {
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "host", "nc.jdcloud-api.com",
                "x-jdcloud-date", DATE,
                "x-jdcloud-nonce", NONCE);
        return new SignedRequest(method, path, query, headers::get, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void exampleA_jdcloud2PostStartContainer() {
        SignedRequest request = request("POST", START_PATH, null, JAVA_BODY);
        Authorization auth = Authorization.parse(AUTH_A).orElseThrow();

        assertThat(Signer.hex(Signer.sha256(request.body())))
                .isEqualTo("567d8c89fa0051c56e4de23b615c918527bfe96175df38eea2b98d99372dc280");
        String canonical = Signer.canonicalRequest(request, auth);
        assertThat(canonical).isEqualTo("POST\n"
                + "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e%3AstartContainer\n"
                + "\n"
                + "content-type:application/json\n"
                + "host:nc.jdcloud-api.com\n"
                + "x-jdcloud-date:20180901T083000Z\n"
                + "x-jdcloud-nonce:3f2a1c7e-5b4d-4e8f-9a6b-0c1d2e3f4a5b\n"
                + "\n"
                + "content-type;host;x-jdcloud-date;x-jdcloud-nonce\n"
                + "567d8c89fa0051c56e4de23b615c918527bfe96175df38eea2b98d99372dc280");
        assertThat(Signer.hex(Signer.sha256(canonical.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("140c86d8b4663264ca1119a55702607281d5ab0e8a820b9603b1c7588e80555e");
        assertThat(Signer.stringToSign(DATE, auth, canonical)).isEqualTo("JDCLOUD2-HMAC-SHA256\n"
                + "20180901T083000Z\n"
                + "20180901/cn-north-1/nc/jdcloud2_request\n"
                + "140c86d8b4663264ca1119a55702607281d5ab0e8a820b9603b1c7588e80555e");

        byte[] kDate = Signer.hmac(("JDCLOUD2" + SK).getBytes(StandardCharsets.UTF_8), "20180901");
        byte[] kRegion = Signer.hmac(kDate, "cn-north-1");
        byte[] kService = Signer.hmac(kRegion, "nc");
        assertThat(Signer.hex(kDate)).isEqualTo("c2ea43a60877e163089eb616d043c16019cb66b71e90c576da2813a791dbe1ed");
        assertThat(Signer.hex(kRegion)).isEqualTo("bffe3e23d9f5d25f5a1e606c1b6f164a278dd5d34f19f87a3f81eea62ab91f32");
        assertThat(Signer.hex(kService)).isEqualTo("55270f76004fb866d057e8245707397728af386cd078c4b3c367aed51e3de2a1");
        assertThat(Signer.hex(Signer.signingKey(Algorithm.JDCLOUD2, SK, "20180901", "cn-north-1", "nc")))
                .isEqualTo("d5a64505b5275d5921f0dd2086d701cf9c62479c243dec64a9aff477e359b2b8");

        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void exampleB_jdcloud2GetWithFiltersSortsAndEncodesTheQuery() {
        SignedRequest request = request("GET", "/v1/regions/cn-north-1/containers", B_QUERY, "");
        Authorization auth = Authorization.parse(AUTH_B).orElseThrow();

        String canonical = Signer.canonicalRequest(request, auth);
        assertThat(canonical.split("\n")[2]).isEqualTo("filters.1.name=status&filters.1.values.1=running"
                + "&filters.1.values.2=stopped&filters.2.name=name&filters.2.values.1=web%20server&pageNumber=1&pageSize=20");
        assertThat(canonical).endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Signer.hex(Signer.sha256(canonical.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("706996e30ab0f5d6ec7ff064a24b22cdde92c3f98caab9c742de258b5b28d614");
        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void exampleB_plusAsSpaceInTheQueryMeansTheSameSignature() {
        SignedRequest request = request("GET", "/v1/regions/cn-north-1/containers", B_QUERY.replace("%20", "+"), "");
        Authorization auth = Authorization.parse(AUTH_B).orElseThrow();
        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void exampleC_jdcloud3SignsOnlyContentTypeAndHost() {
        SignedRequest request = request("POST", START_PATH, null, PYTHON_BODY);
        Authorization auth = Authorization.parse(AUTH_C).orElseThrow();

        assertThat(Signer.hex(Signer.sha256(request.body())))
                .isEqualTo("94d229d781d6204817ba8fc5073806b4d77952a2125038a1dbc77418a347ffdf");
        String canonical = Signer.canonicalRequest(request, auth);
        assertThat(canonical).isEqualTo("POST\n"
                + "/v1/regions/cn-north-1/containers/c-1a2b3c4d5e%3AstartContainer\n"
                + "\n"
                + "content-type:application/json\n"
                + "host:nc.jdcloud-api.com\n"
                + "\n"
                + "content-type;host\n"
                + "94d229d781d6204817ba8fc5073806b4d77952a2125038a1dbc77418a347ffdf");
        assertThat(Signer.stringToSign(DATE, auth, canonical)).isEqualTo("JDCLOUD3-HMAC-SHA256\n"
                + "20180901T083000Z\n"
                + "20180901/cn-north-1/nc/jdcloud3_request\n"
                + "260a58e3d07335d548aa01ebf6071402485eb927ed15da9b989ea00055da163d");
        byte[] kDate = Signer.hmac(("JDCLOUD3" + SK).getBytes(StandardCharsets.UTF_8), "20180901");
        assertThat(Signer.hex(kDate)).isEqualTo("98395b31b0c3bf90902162c28a14f758d3e807d6a111097d2bc6ac8742430963");
        assertThat(Signer.hex(Signer.hmac(kDate, "cn-north-1")))
                .isEqualTo("c0dd64a2cff9e859f36f31cdbeda52fe5f7047406a28423b99129b349396fbb2");
        assertThat(Signer.hex(Signer.hmac(Signer.hmac(kDate, "cn-north-1"), "nc")))
                .isEqualTo("c7a5a23e4813621112325abd7237c579695f55f9533a784379cf6ff5a5032386");
        assertThat(Signer.hex(Signer.signingKey(Algorithm.JDCLOUD3, SK, "20180901", "cn-north-1", "nc")))
                .isEqualTo("8a785dbf8523f86981b93adc60ee342a1368004648d81c226843ac0f0cc0cb16");
        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void percentEncodedColonInThePathSignsLikeTheLiteralColon() {
        SignedRequest request = request("POST", START_PATH.replace(":", "%3a"), null, JAVA_BODY);
        Authorization auth = Authorization.parse(AUTH_A).orElseThrow();
        assertThat(Signer.expectedSignature(request, auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void algorithmAndTerminatorMustAgree() {
        assertThat(Authorization.parse(AUTH_A.replace("jdcloud2_request", "jdcloud3_request"))).isEmpty();
        assertThat(Authorization.parse(AUTH_C.replace("jdcloud3_request", "jdcloud2_request"))).isEmpty();
        assertThat(Authorization.parse(AUTH_A.replace(", SignedHeaders", ",SignedHeaders"))).isEmpty();
        assertThat(Authorization.parse(null)).isEmpty();
    }
}
