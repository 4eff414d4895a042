package nc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/api/nc.md §2.3, step by step, with requests signed by JD Cloud's own signer. */
class AuthenticationTest {
    static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    static TestServer server;
    static SignedClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertUnauthenticated(ApiResponse response, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.errorMessage()).contains(messagePart);
    }

    @Test
    void aProperlySignedRequestIsServed() {
        assertThat(client.get(SECRETS).status()).isEqualTo(200);
    }

    @Test
    void missingAuthorizationIsRefused() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization", null)).get(SECRETS), "Authorization");
    }

    @Test
    void malformedAuthorizationIsRefused() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization", "JDCLOUD2-HMAC-SHA256 nonsense")).get(SECRETS),
                "Authorization");
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization",
                p.header("Authorization").replace("jdcloud2_request", "jdcloud3_request"))).get(SECRETS), "Authorization");
    }

    @Test
    void unknownAccessKeyIsRefused() {
        assertUnauthenticated(client.withKeys("0123456789ABCDEF0123456789ABCDEF", "whatever").get(SECRETS), "unknown or disabled");
    }

    @Test
    void wrongSecretKeyIsRefused() {
        assertUnauthenticated(client.withKeys(server.defaultKey().accessKey(), "not-the-secret").get(SECRETS),
                "signature does not match");
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        byte[] other = Secrets.body("changed-after-signing").getBytes();
        assertUnauthenticated(client.tamper(p -> p.withBody(other)).post(SECRETS, Secrets.body("signed-name")),
                "signature does not match");
        assertThat(client.get(SECRETS + "/changed-after-signing").status()).isEqualTo(404);
    }

    @Test
    void aQueryChangedAfterSigningIsRefused() {
        assertUnauthenticated(client.tamper(p -> p.withQuery("pageSize=50")).get(SECRETS, Map.of("pageSize", "20")),
                "signature does not match");
    }

    @Test
    void aDateOutsideFifteenMinutesIsRefusedAndInsideIsAccepted() {
        long now = System.currentTimeMillis();
        assertUnauthenticated(client.signingDate(new Date(now - 16 * 60_000)).get(SECRETS), "minutes away from server time");
        assertUnauthenticated(client.signingDate(new Date(now + 16 * 60_000)).get(SECRETS), "minutes away from server time");
        assertThat(client.signingDate(new Date(now - 10 * 60_000)).get(SECRETS).status()).isEqualTo(200);
    }

    @Test
    void aMissingOrMalformedDateIsRefused() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("x-jdcloud-date", null)).get(SECRETS), "x-jdcloud-date");
        assertUnauthenticated(client.tamper(p -> p.withHeader("x-jdcloud-date", "2018-09-01 08:30")).get(SECRETS), "x-jdcloud-date");
    }

    @Test
    void aDateThatDisagreesWithTheScopeIsRefused() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization",
                p.header("Authorization").replaceFirst("/\\d{8}/", "/20000101/"))).get(SECRETS), "credential scope date");
    }

    @Test
    void aServiceThisServerDoesNotServeIsRefused() {
        assertUnauthenticated(client.service("vm").get(SECRETS), "does not serve");
    }

    @Test
    void theLaterSdksNativecontainerServiceNameIsAccepted() {
        assertThat(client.service("nativecontainer").get(SECRETS).status()).isEqualTo(200);
    }

    @Test
    void ncOperationsAreNotReachableUnderAnotherServicesScope() {
        ApiResponse response = client.service("vpc").get(SECRETS);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorStatus()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aScopeRegionOtherThanThePathsIsRefused() {
        assertUnauthenticated(client.signingRegion("cn-east-1").get(SECRETS), "does not match the path's region");
    }

    @Test
    void signedHeadersMustIncludeHost() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization", p.header("Authorization")
                .replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;"))).get(SECRETS), "host");
    }

    @Test
    void aReplayedNonceIsDenied() {
        SignedClient.SignedParts once = client.sign("GET", SECRETS, Map.of(), new byte[0]);
        assertThat(client.sendRaw(once).status()).isEqualTo(200);
        ApiResponse replay = client.sendRaw(once);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.errorStatus()).isEqualTo("PERMISSION_DENIED");
        assertThat(replay.errorMessage()).contains("nonce");
    }

    @Test
    void anUnknownRegionIsAnInvalidArgument() {
        ApiResponse response = client.get("/v1/regions/cn-west-9/secrets");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.errorMessage()).contains("regionId").contains("cn-west-9");
    }

    @Test
    void anUnsignedRequestToAnUnknownPathIsUnauthenticatedAndASignedOneIsNotFound() {
        assertUnauthenticated(client.tamper(p -> p.withHeader("Authorization", null)).get("/v1/regions/cn-north-1/nothing"),
                "Authorization");
        ApiResponse signed = client.get("/v1/regions/cn-north-1/nothing");
        assertThat(signed.status()).isEqualTo(404);
        assertThat(signed.errorStatus()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theJavaSdksLeakedCustomHeaderQueryParametersAreIgnoredButSigned() {
        ApiResponse response = client.get(SECRETS, Map.of("customHeader.x-trace", "abc", "pageSize", "10"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyOrDisabledAccountIsRefused() {
        var fresh = server.server().accounts().create("short-lived", true);
        SignedClient tenant = client.withKeys(fresh.accessKey(), fresh.secretKey());
        assertThat(tenant.get(SECRETS).status()).isEqualTo(200);
        server.server().accounts().change(fresh.accountId(), new nc.account.AccountChanges(true, null, null, null, null));
        assertUnauthenticated(tenant.get(SECRETS), "unknown or disabled");
        server.server().accounts().change(fresh.accountId(), new nc.account.AccountChanges(false, null, null, null, null));
        assertThat(tenant.get(SECRETS).status()).isEqualTo(200);
        server.server().accounts().revokeKey(fresh.accountId(), fresh.accessKey());
        assertUnauthenticated(tenant.get(SECRETS), "unknown or disabled");
    }
}
