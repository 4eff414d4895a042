package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.network.VpcApi.texts;
import static nc.testing.EnvelopeAssertions.assertEnvelope;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * createElasticIps, describeElasticIp(s), deleteElasticIp (docs/api/vpc-disk.md §2.5), their billing
 * (§4) and quota (§5), and the operator's pools: lowest free first, all or nothing.
 */
class CreateElasticIpsRulesTest {
    static final String BGP = "\"bandwidthMbps\":5,\"provider\":\"bgp\"";
    static TestServer server;
    static VpcApi vpc;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        vpc = VpcApi.tenant(server, "\"elasticIp\":100");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiResponse create(String members) {
        return vpc.post(EIPS, "{" + members + "}");
    }

    private static void deleteAll(VpcApi api, List<String> ids) {
        ids.forEach(id -> assertThat(api.delete(EIPS + id).status()).isEqualTo(200));
    }

    @Test
    void maxCountIsRequiredOneToHundred() {
        String spec = "\"elasticIpSpec\":{" + BGP + "}";
        assertInvalid(create(spec), "maxCount");
        assertInvalid(create("\"maxCount\":0," + spec), "maxCount");
        assertInvalid(create("\"maxCount\":101," + spec), "maxCount");
        assertInvalid(create("\"maxCount\":\"1\"," + spec), "maxCount");
        assertInvalid(create("\"maxCount\":1"), "elasticIpSpec");
    }

    @Test
    void rule12_bandwidthIsOneTo200AndRule17_providerIsBgpOrNoBgp() {
        assertInvalid(vpc.createEips(1, "\"provider\":\"bgp\""), "elasticIpSpec.bandwidthMbps");
        assertInvalid(vpc.createEips(1, "\"bandwidthMbps\":0,\"provider\":\"bgp\""), "elasticIpSpec.bandwidthMbps");
        assertInvalid(vpc.createEips(1, "\"bandwidthMbps\":201,\"provider\":\"bgp\""), "elasticIpSpec.bandwidthMbps");
        assertInvalid(vpc.createEips(1, "\"bandwidthMbps\":5"), "elasticIpSpec.provider");
        assertInvalid(vpc.createEips(1, "\"bandwidthMbps\":5,\"provider\":\"no_bg\""), "elasticIpSpec.provider");
        String a = assertSuccess(vpc.createEips(1, "\"bandwidthMbps\":200,\"provider\":\"no_bgp\"")).path("elasticIpIds").get(0).asText();
        String b = assertSuccess(vpc.createEips(1, "\"bandwidthMbps\":1,\"provider\":\"bgp\"")).path("elasticIpIds").get(0).asText();
        assertThat(vpc.eip(a).path("bandwidthMbps").asInt()).isEqualTo(200);
        assertThat(vpc.eip(a).path("provider").asText()).isEqualTo("no_bgp");
        assertThat(vpc.eip(b).path("bandwidthMbps").asInt()).isEqualTo(1);
        deleteAll(vpc, List.of(a, b));
    }

    @Test
    void billing_threeChargeModesPostpaidByDurationByDefaultPrepaidNeedsADuration() {
        String chargeField = "elasticIpSpec.chargeSpec.";
        assertInvalid(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"free\"}"), chargeField + "chargeMode");
        assertInvalid(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\"}"), chargeField + "chargeDuration");
        assertInvalid(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\",\"chargeDuration\":10}"),
                chargeField + "chargeDuration");
        assertInvalid(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":\"year\","
                + "\"chargeDuration\":4}"), chargeField + "chargeDuration");
        assertInvalid(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":\"week\","
                + "\"chargeDuration\":1}"), chargeField + "chargeUnit");

        String byDefault = vpc.createEips(1).get(0);
        JsonNode charge = vpc.eip(byDefault).path("charge");
        assertThat(charge.path("chargeMode").asText()).isEqualTo("postpaid_by_duration");
        assertThat(charge.has("chargeExpiredTime")).isFalse();
        String prepaid = assertSuccess(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\","
                + "\"chargeUnit\":\"year\",\"chargeDuration\":1,\"autoRenew\":true}")).path("elasticIpIds").get(0).asText();
        JsonNode prepaidCharge = vpc.eip(prepaid).path("charge");
        assertThat(prepaidCharge.path("chargeMode").asText()).isEqualTo("prepaid_by_duration");
        assertThat(prepaidCharge.path("chargeExpiredTime").asText().substring(0, 4))
                .isEqualTo(Integer.toString(Integer.parseInt(prepaidCharge.path("chargeStartTime").asText().substring(0, 4)) + 1));
        assertThat(vpc.delete(EIPS + byDefault).status()).isEqualTo(200);
    }

    @Test
    void deleteElasticIp_aPrepaidOneOnlyOnceExpired() {
        String prepaid = assertSuccess(vpc.createEips(1, BGP + ",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\","
                + "\"chargeDuration\":1}")).path("elasticIpIds").get(0).asText();
        ApiResponse refused = vpc.delete(EIPS + prepaid);
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).contains(prepaid).contains("prepaid");
        assertSuccess(server.admin().patch("/admin/elasticIps/" + prepaid, "{\"chargeStatus\":\"overdue\"}"));
        assertThat(vpc.eip(prepaid).path("charge").path("chargeStatus").asText()).isEqualTo("overdue");
        assertThat(vpc.delete(EIPS + prepaid).status()).isEqualTo(200);
        assertError(vpc.get(EIPS + prepaid), 404, "NOT_FOUND");
        assertError(vpc.delete(EIPS + prepaid), 404, "NOT_FOUND");
    }

    @Test
    void tagsAreAtMostTenWithDistinctKeysOfTheAllowedCharacters() {
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[{\"value\":\"v\"}]"), "userTags[0].key");
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[{\"key\":\"a\",\"value\":\"x\"},"
                + "{\"key\":\"a\",\"value\":\"y\"}]"), "userTags[1].key");
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[{\"key\":\"a#b\",\"value\":\"\"}]"),
                "userTags[0].key");
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[{\"key\":\"k\",\"value\":\""
                + "v".repeat(256) + "\"}]"), "userTags[0].value");
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":\"v\"}");
        }
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[" + eleven + "]"), "userTags");
        String id = assertSuccess(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":[{\"key\":\"环境 env:1/a=b+c-d@e_f.g\","
                + "\"value\":\"prod\"},{\"key\":\"empty\"}]")).path("elasticIpIds").get(0).asText();
        JsonNode tags = vpc.eip(id).path("tags");
        assertThat(texts(tags, "key")).containsExactly("环境 env:1/a=b+c-d@e_f.g", "empty");
        assertThat(texts(tags, "value")).containsExactly("prod", "");
        assertThat(vpc.delete(EIPS + id).status()).isEqualTo(200);
    }

    @Test
    void onlyStandardIpsWithoutResourceGroups() {
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"ipType\":\"edge\""), "ipType");
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"resourceGroupId\":\"rg-1\""), "resourceGroupId");
        String id = assertSuccess(create("\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"ipType\":\"standard\",\"resourceGroupId\":\"\""))
                .path("elasticIpIds").get(0).asText();
        assertThat(vpc.delete(EIPS + id).status()).isEqualTo(200);
    }

    @Test
    void dryRunChecksEverythingAndAllocatesNothing() {
        long before = vpc.get(EIPS).result().path("totalCount").asLong();
        ApiResponse dry = create("\"maxCount\":3,\"elasticIpSpec\":{" + BGP + "},\"dryRun\":true");
        assertEnvelope(dry);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().has("result")).isFalse();
        assertThat(vpc.get(EIPS).result().path("totalCount").asLong()).isEqualTo(before);
        assertInvalid(create("\"maxCount\":1,\"elasticIpSpec\":{\"provider\":\"bgp\"},\"dryRun\":true"), "elasticIpSpec.bandwidthMbps");
    }

    @Test
    void quota_tenElasticIpsPerRegionCountingTheWholeRequest() {
        VpcApi fresh = new VpcApi(server.newTenant());
        List<String> eight = fresh.createEips(8);
        ApiResponse three = fresh.createEips(3, BGP);
        assertError(three, 429, "QUOTA_EXCEEDED");
        assertThat(three.errorMessage()).isEqualTo("elasticIp quota exceeded: limit 10, used 8, 3 more requested");
        List<String> two = fresh.createEips(2);
        ApiResponse eleventh = fresh.createEips(1, BGP);
        assertError(eleventh, 429, "QUOTA_EXCEEDED");
        assertThat(eleventh.errorMessage()).isEqualTo("elasticIp quota exceeded: limit 10, used 10");
        deleteAll(fresh, eight);
        deleteAll(fresh, two);
    }

    /** The pool of each region is the operator's: the admin API shows and replaces it. */
    @Test
    void lowestFreeAddressesFirstAllOrNothingAndAReleasedAddressIsGivenAgain() {
        String region = "/v1/regions/cn-east-2/elasticIps/";
        assertSuccess(server.admin().send("PUT", "/admin/elasticIpPools/cn-east-2", "{\"ranges\":[\"127.100.9.0/29\"]}"));
        VpcApi east = new VpcApi(server.newTenant());
        List<String> ids = texts(assertSuccess(east.post(region, "{\"maxCount\":4,\"elasticIpSpec\":{" + BGP + "}}"))
                .path("elasticIpIds"), null);
        List<String> addresses = ids.stream().map(id -> assertSuccess(east.get(region + id)).path("elasticIp")
                .path("elasticIpAddress").asText()).toList();
        assertThat(addresses).containsExactly("127.100.9.1", "127.100.9.2", "127.100.9.3", "127.100.9.4");

        ApiResponse three = east.post(region, "{\"maxCount\":3,\"elasticIpSpec\":{" + BGP + "}}");
        assertError(three, 503, "UNAVAILABLE");
        assertThat(three.errorMessage()).isEqualTo("the elastic IP pool of cn-east-2 has 2 free addresses, 3 requested");
        assertThat(east.get(region).result().path("totalCount").asInt()).as("all or nothing").isEqualTo(4);

        assertThat(east.delete(region + ids.get(1)).status()).isEqualTo(200);
        String again = assertSuccess(east.post(region, "{\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "}}")).path("elasticIpIds")
                .get(0).asText();
        assertThat(assertSuccess(east.get(region + again)).path("elasticIp").path("elasticIpAddress").asText()).isEqualTo("127.100.9.2");

        JsonNode pools = assertSuccess(server.admin().get("/admin/elasticIpPools")).path("elasticIpPools");
        JsonNode eastPool = null;
        for (JsonNode p : pools) {
            if (p.path("regionId").asText().equals("cn-east-2")) {
                eastPool = p;
            }
        }
        assertThat(eastPool).isNotNull();
        assertThat(texts(eastPool.path("ranges"), null)).containsExactly("127.100.9.0/29");
        assertThat(eastPool.path("source").asText()).isEqualTo("operator");
        assertThat(eastPool.path("size").asInt()).isEqualTo(6);
        assertThat(eastPool.path("allocated").asInt()).isEqualTo(4);
        assertInvalid(server.admin().send("PUT", "/admin/elasticIpPools/cn-east-2", "{\"ranges\":[\"127.100.9.1/29\"]}"), "ranges");
        assertError(server.admin().send("PUT", "/admin/elasticIpPools/mars-1", "{\"ranges\":[]}"), 404, "NOT_FOUND");

        JsonNode reset = assertSuccess(server.admin().delete("/admin/elasticIpPools/cn-east-2")).path("elasticIpPool");
        assertThat(texts(reset.path("ranges"), null)).containsExactly("127.100.0.0/24");
        assertThat(reset.path("source").asText()).isEqualTo("configuration");
    }

    @Test
    void aChosenAddressMustBelongToThePoolBeFreeAndComeAlone() {
        ApiResponse two = create("\"maxCount\":2,\"elasticIpAddress\":\"127.100.0.200\",\"elasticIpSpec\":{" + BGP + "}");
        assertInvalid(two, "elasticIpAddress");
        assertInvalid(create("\"maxCount\":1,\"elasticIpAddress\":\"203.0.113.9\",\"elasticIpSpec\":{" + BGP + "}"), "elasticIpAddress");
        assertInvalid(create("\"maxCount\":1,\"elasticIpAddress\":\"127.100.0.0\",\"elasticIpSpec\":{" + BGP + "}"), "elasticIpAddress");
        assertInvalid(create("\"maxCount\":1,\"elasticIpAddress\":\"not-an-ip\",\"elasticIpSpec\":{" + BGP + "}"), "elasticIpAddress");
        String id = assertSuccess(create("\"maxCount\":1,\"elasticIpAddress\":\"127.100.0.200\",\"elasticIpSpec\":{" + BGP + "}"))
                .path("elasticIpIds").get(0).asText();
        assertThat(vpc.eip(id).path("elasticIpAddress").asText()).isEqualTo("127.100.0.200");
        ApiResponse taken = new VpcApi(server.newTenant()).post(EIPS, "{\"maxCount\":1,\"elasticIpAddress\":\"127.100.0.200\","
                + "\"elasticIpSpec\":{" + BGP + "}}");
        assertError(taken, 400, "FAILED_PRECONDITION");
        assertThat(taken.errorMessage()).isEqualTo("elastic IP address 127.100.0.200 is already allocated");
        assertThat(vpc.delete(EIPS + id).status()).isEqualTo(200);
    }

    @Test
    void describeElasticIpsFiltersTagsAndPaging() {
        VpcApi api = new VpcApi(server.newTenant());
        List<String> plain = api.createEips(3);
        String tagged = assertSuccess(api.post(EIPS, "{\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "},\"userTags\":["
                + "{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"team\",\"value\":\"web\"}]}")).path("elasticIpIds").get(0).asText();
        String address = api.eip(tagged).path("elasticIpAddress").asText();

        assertThat(ids(api, Map.of("filters.1.name", "elasticIpIds", "filters.1.values.1", plain.get(0), "filters.1.values.2", tagged)))
                .containsExactlyInAnyOrder(plain.get(0), tagged);
        assertThat(ids(api, Map.of("filters.1.name", "elasticIpAddress", "filters.1.values.1", address))).containsExactly(tagged);
        assertThat(ids(api, Map.of("filters.1.name", "status", "filters.1.values.1", "NOT_ASSOCIATED"))).hasSize(4);
        assertThat(ids(api, Map.of("filters.1.name", "status", "filters.1.values.1", "ASSOCIATED"))).isEmpty();
        assertThat(ids(api, Map.of("filters.1.name", "status", "filters.1.values.1", "ALL"))).hasSize(4);
        assertThat(ids(api, Map.of("filters.1.name", "chargeStatus", "filters.1.values.1", "normal"))).hasSize(4);
        assertThat(ids(api, Map.of("filters.1.name", "ipType", "filters.1.values.1", "edge"))).isEmpty();
        assertThat(ids(api, Map.of("filters.1.name", "ipType", "filters.1.values.1", "all"))).hasSize(4);
        assertThat(ids(api, Map.of("tags.1.key", "env", "tags.1.values.1", "prod", "tags.1.values.2", "dev"))).containsExactly(tagged);
        assertThat(ids(api, Map.of("tags.1.key", "env", "tags.1.values.1", "prod", "tags.2.key", "team", "tags.2.values.1", "db")))
                .isEmpty();

        assertInvalid(api.get(EIPS, Map.of("filters.1.name", "azs", "filters.1.values.1", "cn-north-1a")), "filters.1.name");
        assertInvalid(api.get(EIPS, Map.of("filters.1.name", "bandwidthPackageId", "filters.1.values.1", "x")), "filters.1.name");
        assertInvalid(api.get(EIPS, Map.of("filters.1.name", "status", "filters.1.values.1", "BOUND")), "filters.status");
        assertInvalid(api.get(EIPS, Map.of("filters.1.name", "elasticIpAddress", "filters.1.values.1", "a", "filters.1.values.2", "b")),
                "filters.1.values");
        assertInvalid(api.get(EIPS, Map.of("tags.1.key", "env")), "tags.1.values");
        assertInvalid(api.get(EIPS, Map.of("resourceGroupIds.1", "rg-1")), "resourceGroupIds.1");

        JsonNode lastPage = assertSuccess(api.get(EIPS, Map.of("pageSize", "10", "pageNumber", "7")));
        assertThat(lastPage.path("totalCount").asInt()).isEqualTo(4);
        assertThat(lastPage.path("elasticIps")).as("vpc lists past the last page return the last page").hasSize(4);
        assertThat(texts(lastPage.path("elasticIps"), "elasticIpId").get(0)).as("newest first").isEqualTo(tagged);
        assertError(api.get(EIPS + "fip-0000000000"), 404, "NOT_FOUND");
        assertError(vpc.get(EIPS + tagged), 404, "NOT_FOUND");
    }

    @Test
    void aMalformedPoolSettingStopsTheStart() {
        assertThatThrownBy(() -> TestServer.start(c -> c.withElasticIpPool("127.100.0.1/24")))
                .hasMessageContaining("NC_EIP_POOL");
        assertThatThrownBy(() -> TestServer.start(c -> c.withElasticIpPool("mars-1=127.100.0.0/24")))
                .hasMessageContaining("mars-1");
    }

    @Test
    void poolsPerRegionFromTheSetting() {
        try (TestServer small = TestServer.start(c -> c.withElasticIpPool("cn-north-1=127.100.1.0/30, 127.100.2.0/29"))) {
            VpcApi api = new VpcApi(small.newTenant());
            List<String> north = api.createEips(2);
            assertThat(north.stream().map(id -> api.eip(id).path("elasticIpAddress").asText()))
                    .containsExactly("127.100.1.1", "127.100.1.2");
            assertError(api.createEips(1, BGP), 503, "UNAVAILABLE");
            String east = assertSuccess(api.post("/v1/regions/cn-east-1/elasticIps/", "{\"maxCount\":1,\"elasticIpSpec\":{" + BGP + "}}"))
                    .path("elasticIpIds").get(0).asText();
            assertThat(assertSuccess(api.get("/v1/regions/cn-east-1/elasticIps/" + east)).path("elasticIp").path("elasticIpAddress")
                    .asText()).isEqualTo("127.100.2.1");
        }
    }

    private static List<String> ids(VpcApi api, Map<String, String> query) {
        return texts(assertSuccess(api.get(EIPS, query)).path("elasticIps"), "elasticIpId");
    }
}
