package nc.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.RawHttp;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vector E of docs/api/vpc-disk.md §7.1 sent as exact bytes (createDisks signed for service disk) to a
 * server whose clock reads the vector's time and which knows its key: it authenticates and creates.
 */
class DiskSignatureVectorTest {
    static final String BODY = "{\"diskSpec\":{\"az\":\"cn-north-1a\",\"name\":\"data\",\"diskType\":\"premium-hdd\",\"diskSizeGB\":100},"
            + "\"maxCount\":2,\"clientToken\":\"b7e1c0de-2f4a-4c1b-9d3e-5a6f7b8c9d0e\",\"regionId\":\"cn-north-1\",\"cookies\":[]}";
    static final String AUTHORIZATION = "JDCLOUD2-HMAC-SHA256 Credential=AKEXAMPLE1234567890/20180901/cn-north-1/disk/jdcloud2_request,"
            + " SignedHeaders=content-type;host;x-jdcloud-date;x-jdcloud-nonce,"
            + " Signature=df7d788dd46aa4e4be2d13dc81ab54d5f65624e7e3b58c02dfb6b286398f35c1";
    TestServer server;

    @BeforeEach
    void start() {
        Clock vectorTime = Clock.fixed(Instant.parse("2018-09-01T08:30:00Z"), ZoneOffset.UTC);
        server = TestServer.start(TestDatabase.H2, c -> c.withClock(vectorTime), new FakeRuntime(), new ScriptedProvisioner());
        server.server().accounts().importKey(server.defaultKey().accountId(), "AKEXAMPLE1234567890", "SKEXAMPLEabcdefghij0123456789");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApiResponse send(String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "disk.jdcloud-api.com");
        headers.put("Content-Type", "application/json");
        headers.put("x-jdcloud-date", "20180901T083000Z");
        headers.put("x-jdcloud-nonce", "3f2a1c7e-5b4d-4e8f-9a6b-0c1d2e3f4a5b");
        headers.put("Authorization", AUTHORIZATION);
        return RawHttp.request(server.server().port(), "POST /v1/regions/cn-north-1/disks HTTP/1.1", headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void vectorEAuthenticatesAndCreatesTwoDisks() {
        assertThat(BODY.getBytes(StandardCharsets.UTF_8)).hasSize(192);
        ApiResponse created = send(BODY);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("diskIds")).hasSize(2);
        String first = created.result().path("diskIds").get(0).asText();
        DiskCalls atVectorTime = new DiskCalls(server.client().signingDate(java.util.Date.from(Instant.parse("2018-09-01T08:30:00Z"))));
        assertThat(atVectorTime.describe(first).path("createTime").asText()).isEqualTo("2018-09-01T08:30:00Z");
        assertThat(atVectorTime.describe(created.result().path("diskIds").get(1).asText()).path("name").asText()).isEqualTo("data-2");
    }

    @Test
    void aChangedByteOfTheBodyIsRefused() {
        ApiResponse changed = send(BODY.replace("\"maxCount\":2", "\"maxCount\":3"));
        assertThat(changed.status()).isEqualTo(401);
        assertThat(changed.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(changed.errorMessage()).isEqualTo("signature does not match");
    }
}
