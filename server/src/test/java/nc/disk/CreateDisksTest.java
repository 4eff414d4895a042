package nc.disk;

import static nc.disk.DiskCalls.assertInvalid;
import static nc.disk.DiskCalls.assertNotFound;
import static nc.disk.DiskCalls.assertQuotaExceeded;
import static nc.disk.DiskCalls.assertRefused;
import static nc.disk.DiskCalls.body;
import static nc.disk.DiskCalls.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** createDisks (docs/api/vpc-disk.md §3.2 DiskSpec, §3.4, §4, §5) through the vendor's signer with scope service disk. */
class CreateDisksTest {
    static final ScriptedProvisioner provisioner = new ScriptedProvisioner();
    static TestServer server;
    static DiskCalls disks;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, new FakeRuntime(), provisioner);
        disks = new DiskCalls(server.client());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void releaseHeldWork() {
        provisioner.release();
    }

    // ---- the disk as created -----------------------------------------------------------------------

    @Test
    void aDiskIsCreatingThenAvailableWithEveryMemberOfTheDiskType() {
        provisioner.hold();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body = body("data", "premium-hdd", 100, 1);
        spec(body).put("description", "logs of 2018");
        String id = disks.create(body).get(0);
        assertThat(id).matches("vol-[a-z0-9]{10}");
        assertThat(disks.describe(id).path("status").asText()).isEqualTo("creating");

        provisioner.release();
        disks.awaitStatus(id, "available");
        JsonNode disk = disks.describe(id);
        assertThat(disk.path("diskId").asText()).isEqualTo(id);
        assertThat(disk.path("az").asText()).isEqualTo("cn-north-1a");
        assertThat(disk.path("name").asText()).isEqualTo("data");
        assertThat(disk.path("description").asText()).isEqualTo("logs of 2018");
        assertThat(disk.path("diskType").asText()).isEqualTo("premium-hdd");
        assertThat(disk.path("diskSizeGB").asInt()).isEqualTo(100);
        assertThat(disk.path("attachments").isArray()).isTrue();
        assertThat(disk.path("attachments")).isEmpty();
        assertThat(disk.has("snapshotId")).isFalse();
        assertThat(disk.path("multiAttachable").asBoolean(true)).isFalse();
        assertThat(disk.path("encrypted").asBoolean(true)).isFalse();
        assertThat(Instant.parse(disk.path("createTime").asText())).isBetween(before, Instant.now());
        assertThat(disk.path("createTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode charge = disk.path("charge");
        assertThat(charge.path("chargeMode").asText()).isEqualTo("postpaid_by_duration");
        assertThat(charge.path("chargeStatus").asText()).isEqualTo("normal");
        assertThat(charge.path("chargeStartTime").asText()).isEqualTo(disk.path("createTime").asText());
        assertThat(charge.has("chargeExpiredTime")).isFalse();
        assertThat(disk.path("tags").isArray()).isTrue();
        assertThat(disk.path("tags")).isEmpty();
        assertThat(provisioner.provisioned()).contains(id);
    }

    @Test
    void aFailedProvisioningEndsInErrorCreate() {
        provisioner.failCreating("doomed");
        String id = disks.createOne("doomed");
        disks.awaitStatus(id, "error_create");
        assertThat(disks.describe(id).path("attachments")).isEmpty();
    }

    @Test
    void severalDisksAreNamedWithASuffixEvenPastThirtyTwoCharacters() {
        String name = "n".repeat(32);
        List<String> ids = disks.create(body(name, "ssd", 20, 3));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) {
            assertThat(disks.describe(ids.get(i)).path("name").asText()).isEqualTo(name + "-" + (i + 1));
        }
        String single = disks.create(body("alone", "ssd", 20, 1)).get(0);
        assertThat(disks.describe(single).path("name").asText()).isEqualTo("alone");
    }

    @Test
    void userTagsAreStoredAndEchoed() {
        ObjectNode body = body("tagged", "ssd", 20, 1);
        body.putArray("userTags").addObject().put("key", "env").put("value", "prod");
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("userTags")).addObject().put("key", "团队 a.b:c/d=e+f-g@h");
        String id = disks.create(body).get(0);
        JsonNode tags = disks.describe(id).path("tags");
        assertThat(tags).hasSize(2);
        assertThat(tags.get(0).path("key").asText()).isEqualTo("env");
        assertThat(tags.get(0).path("value").asText()).isEqualTo("prod");
        assertThat(tags.get(1).path("key").asText()).isEqualTo("团队 a.b:c/d=e+f-g@h");
        assertThat(tags.get(1).path("value").asText()).isEmpty();
    }

    @Test
    void prepaidDisksExpireAfterTheirDuration() {
        ObjectNode body = body("monthly", "ssd", 20, 1);
        spec(body).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeDuration", 2);
        JsonNode charge = disks.describe(disks.create(body).get(0)).path("charge");
        assertThat(charge.path("chargeMode").asText()).isEqualTo("prepaid_by_duration");
        Instant start = Instant.parse(charge.path("chargeStartTime").asText());
        Instant expiry = Instant.parse(charge.path("chargeExpiredTime").asText());
        assertThat(expiry).isBetween(start.plus(58, ChronoUnit.DAYS), start.plus(63, ChronoUnit.DAYS));

        ObjectNode yearly = body("yearly", "ssd", 20, 1);
        spec(yearly).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeUnit", "year").put("chargeDuration", 3);
        JsonNode yearlyCharge = disks.describe(disks.create(yearly).get(0)).path("charge");
        assertThat(Instant.parse(yearlyCharge.path("chargeExpiredTime").asText()))
                .isAfter(Instant.parse(yearlyCharge.path("chargeStartTime").asText()).plus(3 * 365 - 1, ChronoUnit.DAYS));
    }

    @Test
    void laterSdkMembersThatChangeNothingAreAccepted() {
        ObjectNode body = body("later-sdk", "ssd", 20, 1);
        spec(body).put("iops", 3000).put("policyId", "").put("multiAttachable", false).put("encrypt", false);
        spec(body).putObject("charge").put("chargeMode", "postpaid_by_duration").put("autoRenew", true);
        body.put("resourceGroupId", "");
        ApiResponse r = disks.createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    // ---- clientToken ---------------------------------------------------------------------------------

    @Test
    void theSameClientTokenReturnsTheFirstCallsIdsAndCreatesNothing() {
        ObjectNode body = body("retried", "ssd", 20, 2);
        List<String> first = disks.create(body);
        List<String> again = disks.create(body);
        assertThat(again).containsExactlyElementsOf(first);
        ApiResponse listed = disks.client().get(DiskCalls.DISKS, Map.of("filters.1.name", "name", "filters.1.values.1", "retried"));
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(2);

        body.put("clientToken", "another-token");
        assertThat(disks.create(body)).hasSize(2).doesNotContainAnyElementsOf(first);
    }

    @Test
    void clientTokenIsRequiredAndPrintableAsciiUpTo64() {
        ObjectNode absent = body("token", "ssd", 20, 1);
        absent.remove("clientToken");
        assertInvalid(disks.createRaw(absent), "clientToken");
        assertInvalid(disks.createRaw(body("token", "ssd", 20, 1).put("clientToken", "")), "clientToken");
        assertInvalid(disks.createRaw(body("token", "ssd", 20, 1).put("clientToken", "t".repeat(65))), "clientToken");
        assertInvalid(disks.createRaw(body("token", "ssd", 20, 1).put("clientToken", "tab\there")), "clientToken");
        assertThat(disks.create(body("token", "ssd", 20, 1).put("clientToken", "~".repeat(64)))).hasSize(1);
    }

    // ---- DiskSpec rules ------------------------------------------------------------------------------

    @Test
    void diskSpecIsRequired() {
        ObjectNode body = body("x", "ssd", 20, 1);
        body.remove("diskSpec");
        assertInvalid(disks.createRaw(body), "diskSpec");
        body.putNull("diskSpec");
        assertInvalid(disks.createRaw(body), "diskSpec");
    }

    @Test
    void azMustBeAZoneOfTheRegion() {
        ObjectNode absent = body("x", "ssd", 20, 1);
        spec(absent).remove("az");
        assertInvalid(disks.createRaw(absent), "diskSpec.az");
        ObjectNode otherRegion = body("x", "ssd", 20, 1);
        spec(otherRegion).put("az", "cn-east-1a");
        assertInvalid(disks.createRaw(otherRegion), "diskSpec.az");
        ObjectNode region = body("x", "ssd", 20, 1);
        spec(region).put("az", "cn-north-1");
        assertInvalid(disks.createRaw(region), "diskSpec.az");
        ObjectNode zoneB = body("zone-b", "ssd", 20, 1);
        spec(zoneB).put("az", "cn-north-1b");
        assertThat(disks.describe(disks.create(zoneB).get(0)).path("az").asText()).isEqualTo("cn-north-1b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dot.ted", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ñame", "名字!"})
    void nameFollowsN32(String name) {
        assertInvalid(disks.createRaw(body(name, "ssd", 20, 1)), "diskSpec.name");
    }

    @Test
    void nameIsRequiredAndMayUseChineseLettersDigitsUnderscoreAndDash() {
        ObjectNode absent = body("x", "ssd", 20, 1);
        spec(absent).remove("name");
        assertInvalid(disks.createRaw(absent), "diskSpec.name");
        String name = "数据盘_Data-01" + "x".repeat(21);
        assertThat(name.codePointCount(0, name.length())).isEqualTo(32);
        assertThat(disks.describe(disks.create(body(name, "ssd", 20, 1)).get(0)).path("name").asText()).isEqualTo(name);
    }

    @Test
    void descriptionIsAtMost256Characters() {
        ObjectNode longest = body("described", "ssd", 20, 1);
        spec(longest).put("description", "描".repeat(256));
        assertThat(disks.describe(disks.create(longest).get(0)).path("description").asText()).hasSize(256);
        ObjectNode tooLong = body("described", "ssd", 20, 1);
        spec(tooLong).put("description", "d".repeat(257));
        assertInvalid(disks.createRaw(tooLong), "diskSpec.description");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssd.gp1", "ssd.io1", "hdd.std1", "ssd.io2", "ssd.gp2", "SSD", "cloud"})
    void diskTypeIsSsdOrPremiumHddOnly(String type) {
        assertInvalid(disks.createRaw(body("typed", type, 20, 1)), "diskSpec.diskType");
    }

    @Test
    void diskTypeIsRequired() {
        ObjectNode absent = body("typed", "ssd", 20, 1);
        spec(absent).remove("diskType");
        assertInvalid(disks.createRaw(absent), "diskSpec.diskType");
    }

    @Test
    void sizesAreMultiplesOfTenInTheRangeOfTheType() {
        for (int bad : new int[] {0, 10, 25, 1010}) {
            assertInvalid(disks.createRaw(body("sized", "ssd", bad, 1)), "diskSpec.diskSizeGB");
        }
        assertInvalid(disks.createRaw(body("sized", "premium-hdd", 3010, 1)), "diskSpec.diskSizeGB");
        assertThat(disks.create(body("sized", "ssd", 1000, 1))).hasSize(1);
        assertThat(disks.create(body("sized", "premium-hdd", 3000, 1))).hasSize(1);
        assertThat(disks.create(body("sized", "premium-hdd", 20, 1))).hasSize(1);
        ObjectNode absent = body("sized", "ssd", 20, 1);
        spec(absent).remove("diskSizeGB");
        assertInvalid(disks.createRaw(absent), "diskSpec.diskSizeGB");
        ObjectNode text = body("sized", "ssd", 20, 1);
        spec(text).put("diskSizeGB", "20");
        assertInvalid(disks.createRaw(text), "diskSpec.diskSizeGB");
    }

    @Test
    void sharedEncryptedAndPolicyDisksAreNotOffered() {
        ObjectNode shared = body("x", "ssd", 20, 1);
        spec(shared).put("multiAttachable", true);
        assertInvalid(disks.createRaw(shared), "diskSpec.multiAttachable");
        ObjectNode encrypted = body("x", "ssd", 20, 1);
        spec(encrypted).put("encrypt", true);
        assertInvalid(disks.createRaw(encrypted), "diskSpec.encrypt");
        ObjectNode policy = body("x", "ssd", 20, 1);
        spec(policy).put("policyId", "policy-1");
        assertInvalid(disks.createRaw(policy), "diskSpec.policyId");
        ObjectNode group = body("x", "ssd", 20, 1);
        group.put("resourceGroupId", "rg-1");
        assertInvalid(disks.createRaw(group), "resourceGroupId");
    }

    @Test
    void chargeIsPostpaidOrPrepaidByDuration() {
        ObjectNode usage = body("x", "ssd", 20, 1);
        spec(usage).putObject("charge").put("chargeMode", "postpaid_by_usage");
        assertInvalid(disks.createRaw(usage), "diskSpec.charge.chargeMode");
        ObjectNode other = body("x", "ssd", 20, 1);
        spec(other).putObject("charge").put("chargeMode", "free");
        assertInvalid(disks.createRaw(other), "diskSpec.charge.chargeMode");
        ObjectNode noDuration = body("x", "ssd", 20, 1);
        spec(noDuration).putObject("charge").put("chargeMode", "prepaid_by_duration");
        assertInvalid(disks.createRaw(noDuration), "diskSpec.charge.chargeDuration");
        ObjectNode tenMonths = body("x", "ssd", 20, 1);
        spec(tenMonths).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeDuration", 10);
        assertInvalid(disks.createRaw(tenMonths), "diskSpec.charge.chargeDuration");
        ObjectNode fourYears = body("x", "ssd", 20, 1);
        spec(fourYears).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeUnit", "year")
                .put("chargeDuration", 4);
        assertInvalid(disks.createRaw(fourYears), "diskSpec.charge.chargeDuration");
        ObjectNode weeks = body("x", "ssd", 20, 1);
        spec(weeks).putObject("charge").put("chargeMode", "prepaid_by_duration").put("chargeUnit", "week")
                .put("chargeDuration", 1);
        assertInvalid(disks.createRaw(weeks), "diskSpec.charge.chargeUnit");
    }

    @Test
    void maxCountIsRequiredFromOneToAHundred() {
        ObjectNode absent = body("x", "ssd", 20, 1);
        absent.remove("maxCount");
        assertInvalid(disks.createRaw(absent), "maxCount");
        assertInvalid(disks.createRaw(body("x", "ssd", 20, 0)), "maxCount");
        assertInvalid(disks.createRaw(body("x", "ssd", 20, 101)), "maxCount");
    }

    @Test
    void userTagsFollowTheTagRules() {
        ObjectNode eleven = body("x", "ssd", 20, 1);
        var tags = eleven.putArray("userTags");
        for (int i = 0; i < 11; i++) {
            tags.addObject().put("key", "k" + i).put("value", "v");
        }
        assertInvalid(disks.createRaw(eleven), "userTags");
        ObjectNode duplicate = body("x", "ssd", 20, 1);
        duplicate.putArray("userTags").add(tag("env", "a")).add(tag("env", "b"));
        assertInvalid(disks.createRaw(duplicate), "userTags[1].key");
        ObjectNode noKey = body("x", "ssd", 20, 1);
        noKey.putArray("userTags").addObject().put("value", "v");
        assertInvalid(disks.createRaw(noKey), "userTags[0].key");
        ObjectNode longKey = body("x", "ssd", 20, 1);
        longKey.putArray("userTags").add(tag("k".repeat(128), "v"));
        assertInvalid(disks.createRaw(longKey), "userTags[0].key");
        ObjectNode longValue = body("x", "ssd", 20, 1);
        longValue.putArray("userTags").add(tag("k", "v".repeat(256)));
        assertInvalid(disks.createRaw(longValue), "userTags[0].value");
        ObjectNode badCharacter = body("x", "ssd", 20, 1);
        badCharacter.putArray("userTags").add(tag("k", "a#b"));
        assertInvalid(disks.createRaw(badCharacter), "userTags[0].value");
        ObjectNode ten = body("ten-tags", "ssd", 20, 1);
        var tenTags = ten.putArray("userTags");
        for (int i = 0; i < 10; i++) {
            tenTags.add(tag("k".repeat(127 - 1) + i, "v".repeat(255)));
        }
        assertThat(disks.describe(disks.create(ten).get(0)).path("tags")).hasSize(10);
    }

    private static ObjectNode tag(String key, String value) {
        return DiskCalls.MAPPER.createObjectNode().put("key", key).put("value", value);
    }

    // ---- from a snapshot -------------------------------------------------------------------------------

    @Test
    void aDiskFromASnapshotRecordsItsSourceAndMayBeLargerOrOfTheOtherType() {
        String source = disks.create(body("source", "ssd", 40, 1)).get(0);
        disks.awaitStatus(source, "available");
        String snapshot = disks.availableSnapshot(source, "snap");

        ObjectNode body = body("restored", "premium-hdd", 50, 1);
        spec(body).put("snapshotId", snapshot).put("az", "cn-north-1c");
        String id = disks.create(body).get(0);
        disks.awaitStatus(id, "available");
        JsonNode restored = disks.describe(id);
        assertThat(restored.path("snapshotId").asText()).isEqualTo(snapshot);
        assertThat(restored.path("diskType").asText()).isEqualTo("premium-hdd");

        ObjectNode smaller = body("restored", "ssd", 30, 1);
        spec(smaller).put("snapshotId", snapshot);
        assertInvalid(disks.createRaw(smaller), "diskSpec.diskSizeGB");
        ObjectNode same = body("restored", "ssd", 40, 1);
        spec(same).put("snapshotId", snapshot);
        assertThat(disks.create(same)).hasSize(1);
    }

    @Test
    void anUnknownSnapshotIsNotFoundAndAnUnusableOneIsRefused() {
        ObjectNode unknown = body("from-nothing", "ssd", 20, 1);
        spec(unknown).put("snapshotId", "snapshot-0000000000");
        assertNotFound(disks.createRaw(unknown), "snapshot snapshot-0000000000 not found");

        String source = disks.createAvailable("unusable-source");
        provisioner.hold();
        String creating = disks.snapshot(source, "still-creating");
        ObjectNode fromCreating = body("from-creating", "ssd", 20, 1);
        spec(fromCreating).put("snapshotId", creating);
        assertRefused(disks.createRaw(fromCreating), "snapshot " + creating
                + " is creating; creating a disk from it needs status available or in-use");
        provisioner.release();

        provisioner.failSnapshotsOf("broken-source");
        String failed = disks.snapshot(disks.createAvailable("broken-source"), "failed");
        disks.awaitSnapshotStatus(failed, "error_create");
        ObjectNode fromFailed = body("from-failed", "ssd", 20, 1);
        spec(fromFailed).put("snapshotId", failed);
        assertRefused(disks.createRaw(fromFailed), "snapshot " + failed
                + " is error_create; creating a disk from it needs status available or in-use");
    }

    // ---- quota -------------------------------------------------------------------------------------------

    @Test
    void theDiskQuotaIsAllOrNothingPerRegionAndSetByTheOperator() {
        var created = server.admin().post("/admin/accounts", "{\"name\":\"disk-quota\"}").result();
        String account = created.path("account").path("accountId").asText();
        DiskCalls tenant = new DiskCalls(server.client().withKeys(created.path("accessKey").asText(),
                created.path("secretKey").asText()));
        ApiResponse patched = server.admin().patch("/admin/accounts/" + account, "{\"quotas\":{\"disk\":5}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.result().path("account").path("quotas").path("disk").asInt()).isEqualTo(5);

        assertThat(tenant.create(body("q", "ssd", 20, 3))).hasSize(3);
        assertQuotaExceeded(tenant.createRaw(body("q", "ssd", 20, 3)), "disk quota exceeded: limit 5, used 3, 3 more requested");
        assertThat(tenant.client().get(DiskCalls.DISKS).result().path("totalCount").asInt()).isEqualTo(3);
        assertThat(tenant.create(body("q", "ssd", 20, 2))).hasSize(2);
        assertQuotaExceeded(tenant.createRaw(body("q", "ssd", 20, 1)), "disk quota exceeded: limit 5, used 5");

        ObjectNode eastBody = body("q", "ssd", 20, 1).put("regionId", "cn-east-1");
        spec(eastBody).put("az", "cn-east-1a");
        ApiResponse east = tenant.client().post("/v1/regions/cn-east-1/disks", eastBody.toString());
        assertThat(east.status()).as(east.toString()).isEqualTo(200);
    }

    @Test
    void theOperatorsDiskAndSnapshotQuotasAreValidated() {
        String account = server.defaultKey().accountId();
        String path = "/admin/accounts/" + account;
        assertInvalid(server.admin().patch(path, "{\"quotas\":{\"disk\":-1}}"), "quotas.disk");
        assertInvalid(server.admin().patch(path, "{\"quotas\":{\"snapshot\":100001}}"), "quotas.snapshot");
        assertInvalid(server.admin().patch(path, "{\"quotas\":{\"snapshot\":\"3\"}}"), "quotas.snapshot");
        assertInvalid(server.admin().patch(path, "{\"quotas\":{\"disks\":3}}"), "quotas.disks");
        JsonNode quotas = server.admin().get(path).result().path("account").path("quotas");
        assertThat(quotas.path("disk").asInt()).isEqualTo(40);
        assertThat(quotas.path("snapshot").asInt()).isEqualTo(15);
        assertThat(quotas.path("container").asInt()).isEqualTo(20);
    }

    @Test
    void theDefaultDiskQuotaIsFortyPerRegion() {
        DiskCalls tenant = new DiskCalls(server.newTenant());
        assertQuotaExceeded(tenant.createRaw(body("many", "ssd", 20, 41)), "disk quota exceeded: limit 40, used 0, 41 more requested");
        assertThat(tenant.create(body("many", "ssd", 20, 40))).hasSize(40);
        assertQuotaExceeded(tenant.createRaw(body("one-more", "ssd", 20, 1)), "disk quota exceeded: limit 40, used 40");
    }

    // ---- the wire ------------------------------------------------------------------------------------------

    @Test
    void theJavaSdkBodyOfVectorEIsAccepted() {
        String vectorE = "{\"diskSpec\":{\"az\":\"cn-north-1a\",\"name\":\"data\",\"diskType\":\"premium-hdd\",\"diskSizeGB\":100},"
                + "\"maxCount\":2,\"clientToken\":\"b7e1c0de-2f4a-4c1b-9d3e-5a6f7b8c9d0e\",\"regionId\":\"cn-north-1\",\"cookies\":[]}";
        ApiResponse r = disks.client().post(DiskCalls.DISKS, vectorE);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.result().path("diskIds")).hasSize(2);
        assertThat(disks.describe(r.result().path("diskIds").get(1).asText()).path("name").asText()).isEqualTo("data-2");
    }

    @Test
    void thePythonSdkBodyWithNullsIsAccepted() {
        String python = "{\"diskSpec\": {\"az\": \"cn-north-1a\", \"name\": \"py\", \"description\": null, \"diskType\": \"ssd\","
                + " \"diskSizeGB\": 20, \"snapshotId\": null, \"charge\": null}, \"maxCount\": 1, \"clientToken\": \"py-1\","
                + " \"userTags\": null, \"regionId\": \"cn-north-1\"}";
        ApiResponse r = disks.client().post(DiskCalls.DISKS, python);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(disks.describe(r.result().path("diskIds").get(0).asText()).path("description").asText()).isEmpty();
    }
}
