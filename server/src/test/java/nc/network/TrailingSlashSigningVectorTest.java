package nc.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import nc.auth.Algorithm;
import nc.auth.Authorization;
import nc.auth.SignedRequest;
import nc.auth.Signer;
import org.junit.jupiter.api.Test;

/** docs/api/vpc-disk.md §7.1 vector D: describeVpcs signed over {@code /vpcs/} with service vpc, through the server's verifier. */
class TrailingSlashSigningVectorTest {
    static final String SK = "SKEXAMPLEabcdefghij0123456789";
    static final String DATE = "20180901T083000Z";
    static final String AUTH_D = "JDCLOUD2-HMAC-SHA256 Credential=AKEXAMPLE1234567890/20180901/cn-north-1/vpc/jdcloud2_request,"
            + " SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce,"
            + " Signature=f380d42a19897007c5b3f8acbc1d17c1ed5639e019c1f4f8ed8747fc4638cba9";
    static final String QUERY = "pageNumber=1&pageSize=10&filters.1.name=vpcIds&filters.1.values.1=vpc-8wn2ya2uwq";

    static SignedRequest request(String path) {
        Map<String, String> headers = Map.of("content-type", "application/json", "host", "vpc.jdcloud-api.com",
                "x-jdcloud-date", DATE, "x-jdcloud-nonce", "3f2a1c7e-5b4d-4e8f-9a6b-0c1d2e3f4a5b");
        return new SignedRequest("GET", path, QUERY, headers::get, new byte[0]);
    }

    @Test
    void vectorD_theTrailingSlashIsPartOfTheCanonicalUri() {
        Authorization auth = Authorization.parse(AUTH_D).orElseThrow();
        String canonical = Signer.canonicalRequest(request("/v1/regions/cn-north-1/vpcs/"), auth);
        assertThat(canonical).isEqualTo("GET\n"
                + "/v1/regions/cn-north-1/vpcs/\n"
                + "filters.1.name=vpcIds&filters.1.values.1=vpc-8wn2ya2uwq&pageNumber=1&pageSize=10\n"
                + "content-type:application/json\n"
                + "host:vpc.jdcloud-api.com\n"
                + "x-jdcloud-date:20180901T083000Z\n"
                + "x-jdcloud-nonce:3f2a1c7e-5b4d-4e8f-9a6b-0c1d2e3f4a5b\n"
                + "\n"
                + "content-type;host;x-jdcloud-date;x-jdcloud-nonce\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(sha256Hex(canonical)).isEqualTo("b07894664623b31829e77f1ab046fc0561e5552c5ac4a4d870638eda683e1145");
        assertThat(HexFormat.of().formatHex(Signer.signingKey(Algorithm.JDCLOUD2, SK, "20180901", "cn-north-1", "vpc")))
                .isEqualTo("27c1b566bd6f5d915bc7a4750538eb0a2687fa56231f3eab5170802ec26a3181");
        assertThat(Signer.expectedSignature(request("/v1/regions/cn-north-1/vpcs/"), auth, DATE, SK)).isEqualTo(auth.signature());
    }

    @Test
    void vectorD_withoutTheSlashIsAnotherSignature() {
        Authorization auth = Authorization.parse(AUTH_D).orElseThrow();
        assertThat(Signer.expectedSignature(request("/v1/regions/cn-north-1/vpcs"), auth, DATE, SK)).isNotEqualTo(auth.signature());
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
