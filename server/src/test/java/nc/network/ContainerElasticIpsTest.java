package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertInvalid;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Elastic IPs on containers (docs/api/nc.md §5.8–5.9, rules 2, 12, 17, 28, 40, 41; docs/api/vpc-disk.md §6):
 * made with the container, associated and disassociated later, released with it. Fake runtime.
 */
class ContainerElasticIpsTest {
    static final String WITH_EIP = "\"elasticIp\":{\"bandwidthMbps\":7,\"provider\":\"no_bgp\"}";
    static FakeRuntime runtime = new FakeRuntime();
    static TestServer server;
    static VpcApi vpc;
    static FakeContainers containers;
    static String subnet;
    static String group;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c.withElasticIpPool("127.100.5.0/29"), runtime);
        vpc = VpcApi.tenant(server, "\"container\":100,\"elasticIp\":100");
        containers = new FakeContainers(runtime, vpc.nc());
        String v = vpc.createVpc("eips", "10.40.0.0/16");
        subnet = vpc.createSubnet(v, "s", "10.40.1.0/24");
        group = vpc.createGroup(v, "g");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test starts with the whole pool (six addresses) free. */
    @BeforeEach
    void emptyPool() {
        for (JsonNode c : vpc.nc().get(FakeContainers.BASE, Map.of("pageSize", "100")).result().path("containers")) {
            String id = c.path("containerId").asText();
            containers.awaitStatus(id, c.path("status").asText().equals("pending") ? "running" : c.path("status").asText());
            if (!containers.status(id).equals("deleting")) {
                containers.deleteAndWait(id);
            }
        }
        for (JsonNode e : vpc.get(EIPS, Map.of("pageSize", "100")).result().path("elasticIps")) {
            assertThat(vpc.delete(EIPS + e.path("elasticIpId").asText()).status()).isEqualTo(200);
        }
    }

    private static JsonNode primaryIp(JsonNode container) {
        return container.path("primaryNetworkInterface").path("networkInterface").path("primaryIp");
    }

    @Test
    void rule12_createContainersMakesOneBoundElasticIpPerContainer() {
        List<String> ids = containers.create(FakeContainers.body(subnet, group, 2, WITH_EIP));
        for (String id : ids) {
            JsonNode c = containers.describe(id);
            String eipId = c.path("elasticIpId").asText();
            assertThat(eipId).matches("fip-[a-z0-9]{10}");
            assertThat(c.path("elasticIpAddress").asText()).startsWith("127.100.5.");
            assertThat(primaryIp(c).path("elasticIpId").asText()).isEqualTo(eipId);
            assertThat(primaryIp(c).path("elasticIpAddress").asText()).isEqualTo(c.path("elasticIpAddress").asText());

            JsonNode e = vpc.eip(eipId);
            assertThat(e.path("status").asText()).isEqualTo("ASSOCIATED");
            assertThat(e.path("elasticIpAddress").asText()).isEqualTo(c.path("elasticIpAddress").asText());
            assertThat(e.path("instanceId").asText()).isEqualTo(id);
            assertThat(e.path("instanceType").asText()).isEqualTo("container");
            assertThat(e.path("privateIpAddress").asText()).isEqualTo(c.path("privateIpAddress").asText());
            assertThat(e.path("networkInterfaceId").asText())
                    .isEqualTo(c.path("primaryNetworkInterface").path("networkInterface").path("networkInterfaceId").asText());
            assertThat(e.path("bandwidthMbps").asInt()).isEqualTo(7);
            assertThat(e.path("provider").asText()).isEqualTo("no_bgp");
            assertThat(e.path("charge").path("chargeMode").asText()).as("rule 28: the container's mode").isEqualTo("postpaid_by_duration");
        }
        assertThat(VpcApi.texts(vpc.get(EIPS).result().path("elasticIps"), "elasticIpAddress"))
                .containsExactlyInAnyOrder("127.100.5.1", "127.100.5.2");
    }

    @Test
    void rules17And28_providerDefaultsToBgpAndOnlyUsageChargeIsTheEipsOwn() {
        String byUsage = containers.running(subnet, group, "\"elasticIp\":{\"bandwidthMbps\":1,"
                + "\"chargeSpec\":{\"chargeMode\":\"postpaid_by_usage\"}}");
        JsonNode e = vpc.eip(containers.describe(byUsage).path("elasticIpId").asText());
        assertThat(e.path("provider").asText()).isEqualTo("bgp");
        assertThat(e.path("charge").path("chargeMode").asText()).isEqualTo("postpaid_by_usage");

        String prepaid = containers.running(subnet, group, "\"charge\":{\"chargeMode\":\"prepaid_by_duration\",\"chargeDuration\":2},"
                + "\"elasticIp\":{\"bandwidthMbps\":1,\"chargeSpec\":{\"chargeMode\":\"postpaid_by_duration\"}}");
        JsonNode container = containers.describe(prepaid);
        JsonNode followed = vpc.eip(container.path("elasticIpId").asText()).path("charge");
        assertThat(followed.path("chargeMode").asText()).isEqualTo("prepaid_by_duration");
        assertThat(followed.path("chargeExpiredTime").asText()).isEqualTo(container.path("charge").path("chargeExpiredTime").asText());
        server.admin().patch("/admin/containers/" + prepaid, "{\"chargeStatus\":\"overdue\"}");
    }

    @Test
    void bestEffort_fewerContainersWhenThePoolRunsDryAnd503WhenNoneFits() {
        List<String> reserved = vpc.createEips(4);
        List<String> ids = containers.create(FakeContainers.body(subnet, group, 3, WITH_EIP));
        assertThat(ids).hasSize(2);
        long usedIps = 252 - vpc.subnet(subnet).path("availableIpCount").asLong();
        assertThat(usedIps).as("no address is held for the container that did not fit").isEqualTo(2);

        ApiResponse none = containers.tryCreate(FakeContainers.body(subnet, group, 1, WITH_EIP));
        assertError(none, 503, "UNAVAILABLE");
        assertThat(none.errorMessage()).isEqualTo("containerSpec.elasticIp: the elastic IP pool of cn-north-1 has no free address");
        assertThat(vpc.nc().get(FakeContainers.BASE).result().path("totalCount").asInt()).isEqualTo(2);
        assertThat(252 - vpc.subnet(subnet).path("availableIpCount").asLong()).isEqualTo(2);
        containers.create(FakeContainers.body(subnet, group, 1, null));
        reserved.forEach(id -> vpc.delete(EIPS + id));
    }

    @Test
    void deleteContainer_releasesTheElasticIpMadeWithItButOnlyUnbindsOneAssociatedLater() {
        String made = containers.running(subnet, group, WITH_EIP);
        String madeEip = containers.describe(made).path("elasticIpId").asText();
        String later = containers.running(subnet, group, null);
        String laterEip = vpc.createEips(1).get(0);
        assertThat(containers.associate(later, laterEip).status()).isEqualTo(200);

        containers.deleteAndWait(made);
        assertError(vpc.get(EIPS + madeEip), 404, "NOT_FOUND");
        containers.deleteAndWait(later);
        JsonNode survivor = vpc.eip(laterEip);
        assertThat(survivor.path("status").asText()).isEqualTo("NOT_ASSOCIATED");
        assertThat(survivor.has("instanceId")).isFalse();
        assertThat(survivor.has("privateIpAddress")).isFalse();
        assertThat(survivor.has("networkInterfaceId")).isFalse();
        assertThat(survivor.has("instanceType")).isFalse();
        assertThat(vpc.delete(EIPS + laterEip).status()).isEqualTo(200);
    }

    @Test
    void rule40_associateBindsTheEipToThePrimaryIpSynchronously() {
        String c = containers.running(subnet, group, null);
        String eip = vpc.createEips(1).get(0);
        ApiResponse ok = containers.associate(c, eip);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().has("result")).isFalse();
        JsonNode described = containers.describe(c);
        assertThat(described.path("elasticIpId").asText()).isEqualTo(eip);
        assertThat(described.path("elasticIpAddress").asText()).isEqualTo(vpc.eip(eip).path("elasticIpAddress").asText());
        assertThat(primaryIp(described).path("elasticIpId").asText()).isEqualTo(eip);
        assertThat(primaryIp(described).path("privateIpAddress").asText()).isEqualTo(described.path("privateIpAddress").asText());
        JsonNode e = vpc.eip(eip);
        assertThat(e.path("status").asText()).isEqualTo("ASSOCIATED");
        assertThat(e.path("instanceId").asText()).isEqualTo(c);

        String second = vpc.createEips(1).get(0);
        ApiResponse one = containers.associate(c, second);
        assertError(one, 400, "FAILED_PRECONDITION");
        assertThat(one.errorMessage()).isEqualTo("container " + c + " already has elastic IP " + eip
                + " on its primary IP; disassociate it first");
        String other = containers.running(subnet, group, null);
        ApiResponse elsewhere = containers.associate(other, eip);
        assertError(elsewhere, 400, "FAILED_PRECONDITION");
        assertThat(elsewhere.errorMessage()).isEqualTo("elastic IP " + eip + " is already bound to container " + c);
        ApiResponse bound = vpc.delete(EIPS + eip);
        assertError(bound, 400, "FAILED_PRECONDITION");
        assertThat(bound.errorMessage()).isEqualTo("elastic IP " + eip + " is bound to container " + c + "; disassociate it first");
        assertThat(vpc.eip(second).path("status").asText()).isEqualTo("NOT_ASSOCIATED");
    }

    @Test
    void rule41_disassociateUnbindsOnlyTheBoundEipWhichSurvivesFree() {
        String c = containers.running(subnet, group, WITH_EIP);
        String made = containers.describe(c).path("elasticIpId").asText();
        String stranger = vpc.createEips(1).get(0);
        ApiResponse wrong = containers.disassociate(c, stranger);
        assertError(wrong, 400, "FAILED_PRECONDITION");
        assertThat(wrong.errorMessage()).isEqualTo("elastic IP " + stranger + " is not bound to container " + c
                + "; its primary IP has " + made);

        ApiResponse ok = containers.disassociate(c, made);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        JsonNode described = containers.describe(c);
        assertThat(described.has("elasticIpId")).isFalse();
        assertThat(described.has("elasticIpAddress")).isFalse();
        assertThat(primaryIp(described).has("elasticIpId")).isFalse();
        assertThat(vpc.eip(made).path("status").asText()).isEqualTo("NOT_ASSOCIATED");
        ApiResponse none = containers.disassociate(c, made);
        assertError(none, 400, "FAILED_PRECONDITION");
        assertThat(none.errorMessage()).isEqualTo("container " + c + " has no elastic IP");

        containers.deleteAndWait(c);
        assertThat(vpc.eip(made).path("status").asText()).as("no longer the container's: it survives").isEqualTo("NOT_ASSOCIATED");
        assertThat(vpc.delete(EIPS + made).status()).isEqualTo(200);
    }

    @Test
    void rule2_aBlacklistedAccountCannotAssociate() {
        String c = containers.running(subnet, group, null);
        String eip = vpc.createEips(1).get(0);
        assertSuccess(server.admin().patch("/admin/accounts/" + vpc.accountId(), "{\"blacklisted\":true}"));
        try {
            ApiResponse refused = containers.associate(c, eip);
            assertError(refused, 403, "PERMISSION_DENIED");
            assertThat(refused.errorMessage()).contains("blacklisted");
            assertThat(containers.describe(c).has("elasticIpId")).isFalse();
        } finally {
            server.admin().patch("/admin/accounts/" + vpc.accountId(), "{\"blacklisted\":false}");
        }
        assertThat(containers.associate(c, eip).status()).isEqualTo(200);
    }

    @Test
    void onlyRunningOrStoppedContainersTakeOrGiveBackAnEip() {
        String c = containers.running(subnet, group, null);
        String eip = vpc.createEips(1).get(0);
        containers.stop(c);
        assertThat(containers.associate(c, eip).status()).as("stopped is fine").isEqualTo(200);
        assertThat(containers.disassociate(c, eip).status()).isEqualTo(200);

        String broken = containers.create(FakeContainers.body(subnet, group, 1, null)
                .replace(FakeContainers.IMAGE, FakeContainers.BROKEN_IMAGE)).get(0);
        containers.awaitStatus(broken, "error");
        ApiResponse error = containers.associate(broken, eip);
        assertError(error, 400, "FAILED_PRECONDITION");
        assertThat(error.errorMessage()).isEqualTo("container " + broken
                + " is error; associate/disassociateElasticIp needs status running or stopped");
        assertError(containers.disassociate(broken, eip), 400, "FAILED_PRECONDITION");
    }

    @Test
    void unknownOrForeignIdsAreNotFoundAndTheEipIdIsRequired() {
        String c = containers.running(subnet, group, null);
        assertInvalid(containers.action(c, "associateElasticIp", "{}"), "elasticIpId");
        assertInvalid(containers.action(c, "disassociateElasticIp", "{\"elasticIpId\":\"\"}"), "elasticIpId");
        ApiResponse unknown = containers.associate(c, "fip-0000000000");
        assertError(unknown, 404, "NOT_FOUND");
        assertThat(unknown.errorMessage()).isEqualTo("elastic IP fip-0000000000 not found");
        assertError(containers.associate("c-0000000000", vpc.createEips(1).get(0)), 404, "NOT_FOUND");

        VpcApi stranger = new VpcApi(server.newTenant());
        String foreign = stranger.createEips(1).get(0);
        assertError(containers.associate(c, foreign), 404, "NOT_FOUND");
        assertThat(stranger.eip(foreign).path("status").asText()).isEqualTo("NOT_ASSOCIATED");
        stranger.delete(EIPS + foreign);
    }

    @Test
    void anEipInArrearsCannotBeBound() {
        String c = containers.running(subnet, group, null);
        String eip = vpc.createEips(1).get(0);
        assertSuccess(server.admin().patch("/admin/elasticIps/" + eip, "{\"chargeStatus\":\"arrear\"}"));
        ApiResponse refused = containers.associate(c, eip);
        assertError(refused, 400, "FAILED_PRECONDITION");
        assertThat(refused.errorMessage()).contains("arrear");
        assertError(server.admin().patch("/admin/elasticIps/fip-0000000000", "{\"chargeStatus\":\"arrear\"}"), 404, "NOT_FOUND");
        assertInvalid(server.admin().patch("/admin/elasticIps/" + eip, "{\"chargeStatus\":\"late\"}"), "chargeStatus");
    }

    @Test
    void eipsMadeForContainersCountTowardTheQuotaButAreNotHeldToIt() {
        VpcApi tight = VpcApi.tenant(server, "\"elasticIp\":1");
        FakeContainers theirs = new FakeContainers(runtime, tight.nc());
        String v = tight.createVpc("tight", null);
        String s = tight.createSubnet(v, "s", "10.41.1.0/24");
        String g = tight.createGroup(v, "g");
        List<String> ids = theirs.create(FakeContainers.body(s, g, 2, WITH_EIP));
        assertThat(ids).hasSize(2);
        assertError(tight.createEips(1, "\"bandwidthMbps\":1,\"provider\":\"bgp\""), 429, "QUOTA_EXCEEDED");
        ids.forEach(theirs::deleteAndWait);
        tight.delete(EIPS + tight.createEips(1).get(0));
    }
}
