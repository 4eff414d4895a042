package nc.container.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nc.api.Json;
import nc.container.spec.ValidatedCreate.ChargePlan;
import nc.container.spec.ValidatedCreate.EipPlan;
import nc.container.spec.ValidatedCreate.NewDisk;
import nc.container.spec.ValidatedCreate.VolumePlan;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * createContainers' database-free checks (docs/api/nc.md §4.1, §5.1, §8). Each failing case edits the §9.1
 * example (maxCount 2) at JSON pointers and names the field the refusal must point at.
 */
class ContainerSpecValidatorTest {
    private static final ContainerSpecValidator VALIDATOR =
            new ContainerSpecValidator(Set.of("g.n1.medium", "g.s1.small")::contains, r -> Set.of(r + "a", r + "b"));
    private static final String REGION = "cn-north-1";
    private static final String NIC = "/containerSpec/primaryNetworkInterface/networkInterface";
    private static final String NIC_FIELD = "containerSpec.primaryNetworkInterface.networkInterface";

    private static final String EXAMPLE = """
            {
              "containerSpec": {
                "instanceType": "g.n1.medium",
                "az": "cn-north-1a",
                "name": "web-nginx",
                "hostname": "web-01",
                "hostAliases": [ { "hostnames": ["db.internal"], "ip": "10.0.16.20" } ],
                "command": ["nginx"],
                "args": ["-g", "daemon off;"],
                "envs": [ { "name": "TZ", "value": "Asia/Shanghai" } ],
                "image": "nginx:1.15",
                "tty": false,
                "workingDir": "/",
                "rootVolume": {
                  "category": "cloud",
                  "autoDelete": true,
                  "cloudDiskSpec": { "az": "cn-north-1a", "name": "web-root", "diskType": "ssd", "diskSizeGB": 20 }
                },
                "dataVolumes": [
                  {
                    "category": "cloud",
                    "mountPath": "/data",
                    "readOnly": false,
                    "autoDelete": true,
                    "fsType": "xfs",
                    "cloudDiskSpec": { "az": "cn-north-1a", "name": "web-data", "diskType": "premium-hdd", "diskSizeGB": 100 }
                  }
                ],
                "elasticIp": { "bandwidthMbps": 5, "provider": "bgp", "chargeSpec": { "chargeMode": "postpaid_by_usage" } },
                "primaryNetworkInterface": {
                  "autoDelete": true,
                  "deviceIndex": 1,
                  "networkInterface": {
                    "subnetId": "subnet-3hq8ax3y0r",
                    "az": "cn-north-1a",
                    "securityGroups": ["sg-qr0ig7gbk8"],
                    "sanityCheck": true,
                    "description": "primary nic"
                  }
                },
                "logConfiguration": { "logDriver": "default" },
                "description": "frontend nginx",
                "charge": { "chargeMode": "postpaid_by_duration" }
              },
              "maxCount": 2,
              "regionId": "cn-north-1"
            }
            """;

    private static final String MINIMAL = """
            {
              "containerSpec": {
                "instanceType": "g.s1.small",
                "az": "cn-north-1b",
                "name": "m",
                "image": "nginx",
                "rootVolume": { "category": "cloud", "cloudDiskSpec": { "name": "r", "diskType": "premium-hdd", "diskSizeGB": 20 } },
                "primaryNetworkInterface": { "networkInterface": { "subnetId": "subnet-x", "securityGroups": ["sg-1"] } }
              }
            }
            """;

    // ---- valid requests -------------------------------------------------------------------------

    @Test
    void theExampleIsNormalized() {
        ValidatedCreate expected = new ValidatedCreate(2, null, "g.n1.medium", "cn-north-1a", "web-nginx",
                List.of(new HostAlias(List.of("db.internal"), "10.0.16.20")), "web-01",
                List.of("nginx"), List.of("-g", "daemon off;"), List.of(new EnvVar("TZ", "Asia/Shanghai")),
                new ImageReference(null, "nginx", "1.15", null), null, false, "/",
                new VolumePlan(true, "/", false, true, "xfs", true, new NewDisk("web-root", "", "ssd", 20, null), null),
                List.of(new VolumePlan(false, "/data", false, true, "xfs", true,
                        new NewDisk("web-data", "", "premium-hdd", 100, null), null)),
                new EipPlan(5, "bgp", true), "subnet-3hq8ax3y0r", null, List.of("sg-qr0ig7gbk8"), true, "primary nic",
                new LogConfiguration("default", null), "frontend nginx", new ChargePlan("postpaid_by_duration", null, null),
                List.of(), null);

        assertThat(validate(example())).isEqualTo(expected);
    }

    @Test
    void absentMembersTakeTheirDefaults() {
        ValidatedCreate expected = new ValidatedCreate(1, null, "g.s1.small", "cn-north-1b", "m", List.of(), null,
                List.of(), List.of(), List.of(), new ImageReference(null, "nginx", "latest", null), null, false, "/",
                new VolumePlan(true, "/", false, true, "xfs", true, new NewDisk("r", "", "premium-hdd", 20, null), null),
                List.of(), null, "subnet-x", null, List.of("sg-1"), true, "",
                new LogConfiguration("default", null), "", new ChargePlan("postpaid_by_duration", null, null),
                List.of(), null);

        assertThat(validate(parse(MINIMAL))).isEqualTo(expected);
    }

    @Test
    void nullMembersAreAbsentMembers() {
        ObjectNode body = parse(MINIMAL);
        body.putNull("maxCount").putNull("clientToken");
        ObjectNode spec = (ObjectNode) body.get("containerSpec");
        for (String member : List.of("hostAliases", "hostname", "command", "args", "envs", "secret", "tty", "workingDir",
                "dataVolumes", "elasticIp", "logConfiguration", "description", "charge")) {
            spec.putNull(member);
        }
        ((ObjectNode) spec.at("/rootVolume")).putNull("mountPath").putNull("readOnly").putNull("autoDelete")
                .putNull("cloudDiskId").putNull("fsType").putNull("formatVolume");
        ((ObjectNode) spec.at("/primaryNetworkInterface")).putNull("autoDelete").putNull("deviceIndex");
        ((ObjectNode) spec.at("/primaryNetworkInterface/networkInterface")).putNull("az").putNull("primaryIpAddress")
                .putNull("secondaryIpAddresses").putNull("secondaryIpCount").putNull("sanityCheck").putNull("description");

        assertThat(validate(body)).isEqualTo(validate(parse(MINIMAL)));
    }

    @Test
    void boundaryValuesAreAccepted() {
        String chineseName = "网页服务器_web-" + "容".repeat(22);
        assertThat(chineseName).hasSize(32);
        String hostname63 = "a".repeat(31) + "." + "b".repeat(31);
        ObjectNode body = edit(example(),
                set("/maxCount", "100"),
                text("/clientToken", "~".repeat(32) + " ".repeat(31) + "!"),
                text("/containerSpec/name", chineseName),
                text("/containerSpec/hostname", hostname63),
                set("/containerSpec/hostAliases", array(10, i -> "{\"hostnames\":[\"" + longHostname(61) + "\"],"
                        + "\"ip\":\"255.255.255." + i + "\"}")),
                set("/containerSpec/command", array(2, i -> "\"" + "c".repeat(128) + "\"")),
                set("/containerSpec/args", array(8, i -> "\"" + "a".repeat(256) + "\"")),
                set("/containerSpec/envs", array(100, i -> "{\"name\":\"" + "E".repeat(254) + i % 10 + i / 10 + "\"}")),
                text("/containerSpec/workingDir", "/" + "w".repeat(1023)),
                set("/containerSpec/rootVolume/cloudDiskSpec/diskSizeGB", "100"),
                set("/containerSpec/dataVolumes", array(7, i -> "{\"category\":\"cloud\",\"mountPath\":\"/d" + i + "\","
                        + "\"cloudDiskSpec\":{\"name\":\"" + "d".repeat(32) + "\",\"description\":\"" + "x".repeat(256) + "\","
                        + "\"diskType\":\"premium-hdd\",\"diskSizeGB\":3000}}")),
                set("/containerSpec/elasticIp/bandwidthMbps", "200"),
                set(NIC + "/securityGroups", array(5, i -> "\"sg-" + i + "\"")),
                text(NIC + "/description", "n".repeat(256)),
                text("/containerSpec/description", "z".repeat(256)));

        ValidatedCreate validated = validate(body);

        assertThat(validated.maxCount()).isEqualTo(100);
        assertThat(validated.clientToken()).hasSize(64);
        assertThat(validated.name()).isEqualTo(chineseName);
        assertThat(validated.hostname()).isEqualTo(hostname63);
        assertThat(validated.hostAliases()).hasSize(10)
                .allSatisfy(alias -> assertThat(alias.hostnames()).singleElement().asString().hasSize(253));
        assertThat(validated.envs()).hasSize(100).allSatisfy(env -> assertThat(env.value()).isEmpty());
        assertThat(validated.rootVolume().newDisk().sizeGb()).isEqualTo(100);
        assertThat(validated.dataVolumes()).hasSize(7).allSatisfy(v -> assertThat(v.newDisk().sizeGb()).isEqualTo(3000));
        assertThat(validated.elasticIp().bandwidthMbps()).isEqualTo(200);
        assertThat(validated.securityGroups()).hasSize(5);
    }

    @Test
    void smallestValuesAreAccepted() {
        ObjectNode body = edit(example(),
                set("/maxCount", "1"),
                text("/containerSpec/name", "a"),
                text("/containerSpec/hostname", "a"),
                set("/containerSpec/rootVolume/cloudDiskSpec/diskSizeGB", "10"),
                set("/containerSpec/dataVolumes/0/cloudDiskSpec", "{\"name\":\"d\",\"diskType\":\"ssd\",\"diskSizeGB\":20}"),
                set("/containerSpec/elasticIp/bandwidthMbps", "1"));

        ValidatedCreate validated = validate(body);

        assertThat(validated.rootVolume().newDisk().sizeGb()).isEqualTo(10);
        assertThat(validated.dataVolumes().get(0).newDisk()).isEqualTo(new NewDisk("d", "", "ssd", 20, null));
        assertThat(validated.elasticIp().bandwidthMbps()).isEqualTo(1);
    }

    @Test
    void diskSizeLimitsPerTypeAndRole() {
        String root = "/containerSpec/rootVolume/cloudDiskSpec";
        String data = "/containerSpec/dataVolumes/0/cloudDiskSpec";
        assertThat(validate(edit(example(), disk(root, "premium-hdd", 1000))).rootVolume().newDisk().sizeGb()).isEqualTo(1000);
        assertThat(validate(edit(example(), disk(root, "premium-hdd", 20))).rootVolume().newDisk().sizeGb()).isEqualTo(20);
        assertThat(validate(edit(example(), disk(data, "ssd", 1000))).dataVolumes().get(0).newDisk().sizeGb()).isEqualTo(1000);
        assertThat(validate(edit(example(), disk(data, "premium-hdd", 20))).dataVolumes().get(0).newDisk().sizeGb())
                .isEqualTo(20);
    }

    @Test
    void existingDisksKeepTheirIdsAndFormatOnlyWhenAsked() {
        ObjectNode body = edit(example(),
                set("/containerSpec/rootVolume", "{\"category\":\"cloud\",\"cloudDiskId\":\"vol-rootdisk01\",\"fsType\":\"ext4\"}"),
                set("/containerSpec/dataVolumes/0", "{\"category\":\"cloud\",\"mountPath\":\"/data\",\"readOnly\":true,"
                        + "\"autoDelete\":false,\"cloudDiskId\":\"not-a-disk-id\",\"fsType\":\"xfs\",\"formatVolume\":true}"));

        ValidatedCreate validated = validate(body);

        assertThat(validated.rootVolume())
                .isEqualTo(new VolumePlan(true, "/", false, true, "ext4", false, null, "vol-rootdisk01"));
        // A malformed id is a 404 from the existence check, not a 400 here.
        assertThat(validated.dataVolumes())
                .containsExactly(new VolumePlan(false, "/data", true, false, "xfs", true, null, "not-a-disk-id"));
    }

    @Test
    void newDisksAreAlwaysFormattedAndKeepTheirOptions() {
        ObjectNode body = edit(example(),
                text("/containerSpec/rootVolume/mountPath", "/"),
                set("/containerSpec/rootVolume/readOnly", "false"),
                set("/containerSpec/rootVolume/formatVolume", "false"),
                text("/containerSpec/rootVolume/fsType", "ext4"),
                set("/containerSpec/rootVolume/autoDelete", "false"),
                set("/containerSpec/rootVolume/cloudDiskSpec", "{\"name\":\"r\",\"description\":\"boot\",\"diskType\":\"ssd\","
                        + "\"diskSizeGB\":40,\"snapshotId\":\"snap-1\",\"multiAttachable\":false,"
                        + "\"charge\":{\"chargeMode\":\"whatever\"}}"));

        assertThat(validate(body).rootVolume()).isEqualTo(
                new VolumePlan(true, "/", false, false, "ext4", true, new NewDisk("r", "boot", "ssd", 40, "snap-1"), null));
    }

    @Test
    void elasticIpDefaultsAndChargeModes() {
        assertThat(validate(edit(example(), set("/containerSpec/elasticIp", "{\"bandwidthMbps\":3}"))).elasticIp())
                .isEqualTo(new EipPlan(3, "bgp", false));
        assertThat(validate(edit(example(), set("/containerSpec/elasticIp",
                "{\"bandwidthMbps\":3,\"provider\":\"no_bgp\",\"chargeSpec\":{\"chargeMode\":\"prepaid_by_duration\"}}")))
                .elasticIp()).isEqualTo(new EipPlan(3, "no_bgp", false));
        assertThat(validate(edit(example(), set("/containerSpec/elasticIp/chargeSpec",
                "{\"chargeMode\":\"postpaid_by_duration\"}"))).elasticIp()).isEqualTo(new EipPlan(5, "bgp", false));
    }

    @Test
    void networkInterfaceOptions() {
        ObjectNode body = edit(example(),
                set("/maxCount", "1"),
                text(NIC + "/primaryIpAddress", "10.0.16.7"),
                set(NIC + "/secondaryIpAddresses", "[]"),
                set(NIC + "/secondaryIpCount", "0"),
                set(NIC + "/sanityCheck", "0"),
                remove(NIC + "/az"));

        ValidatedCreate validated = validate(body);

        assertThat(validated.primaryIpAddress()).isEqualTo("10.0.16.7");
        assertThat(validated.sanityCheck()).isFalse();
        assertThat(validate(edit(example(), set(NIC + "/sanityCheck", "1"))).sanityCheck()).isTrue();
    }

    @Test
    void theMembersOfNativecontainer23AreAcceptedAndUserTagsKept() {
        ObjectNode body = edit(example(),
                set("/containerSpec/userTags", "[{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"team\"}]"),
                text("/containerSpec/resourceGroupId", ""),
                set("/containerSpec/autoMatchImageCache", "true"),
                set("/containerSpec/autoCreateImageCache", "false"),
                set("/containerSpec/primaryNetworkInterface/deviceIndex", "0"));

        ValidatedCreate validated = validate(body);

        assertThat(validated.tags()).containsExactly(new nc.disk.Tag("env", "prod"), new nc.disk.Tag("team", ""));
        assertThat(validated.imageCacheId()).isNull();
    }

    @Test
    void containerOptionsAreKept() {
        ObjectNode body = edit(example(),
                text("/clientToken", "retry-7"),
                text("/containerSpec/secret", "my-registry"),
                set("/containerSpec/tty", "true"),
                text("/containerSpec/workingDir", "/srv/app"),
                set("/containerSpec/envs", "[{\"name\":\"EMPTY\"},{\"name\":\"empty\",\"value\":\"x=y\"}]"),
                set("/containerSpec/logConfiguration", "{\"options\":{\"key\":\"max-size\",\"value\":\"10m\"}}"));

        ValidatedCreate validated = validate(body);

        assertThat(validated.clientToken()).isEqualTo("retry-7");
        assertThat(validated.secret()).isEqualTo("my-registry");
        assertThat(validated.tty()).isTrue();
        assertThat(validated.workingDir()).isEqualTo("/srv/app");
        assertThat(validated.envs()).containsExactly(new EnvVar("EMPTY", ""), new EnvVar("empty", "x=y"));
        assertThat(validated.logConfiguration())
                .isEqualTo(new LogConfiguration("default", new LogConfiguration.LogOption("max-size", "10m")));
    }

    @Test
    void anEmptyClientTokenIsNoToken() {
        assertThat(validate(edit(example(), text("/clientToken", ""))).clientToken()).isNull();
    }

    @Test
    void prepaidChargesDefaultToMonths() {
        assertThat(validate(edit(example(), set("/containerSpec/charge",
                "{\"chargeMode\":\"prepaid_by_duration\",\"chargeDuration\":9}"))).charge())
                .isEqualTo(new ChargePlan("prepaid_by_duration", "month", 9));
        assertThat(validate(edit(example(), set("/containerSpec/charge",
                "{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":\"year\",\"chargeDuration\":3}"))).charge())
                .isEqualTo(new ChargePlan("prepaid_by_duration", "year", 3));
        assertThat(validate(edit(example(), set("/containerSpec/charge",
                "{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":\"year\",\"chargeDuration\":1}"))).charge())
                .isEqualTo(new ChargePlan("prepaid_by_duration", "year", 1));
    }

    @Test
    void postpaidIgnoresUnitAndDuration() {
        assertThat(validate(edit(example(), set("/containerSpec/charge",
                "{\"chargeMode\":\"postpaid_by_duration\",\"chargeUnit\":\"decade\",\"chargeDuration\":99}"))).charge())
                .isEqualTo(new ChargePlan("postpaid_by_duration", null, null));
        assertThat(validate(edit(example(), set("/containerSpec/charge", "{}"))).charge())
                .isEqualTo(new ChargePlan("postpaid_by_duration", null, null));
    }

    @Test
    void idsAreNotCheckedHere() {
        ValidatedCreate validated = validate(edit(example(),
                text(NIC + "/subnetId", "whatever"),
                set(NIC + "/securityGroups", "[\"x\", \"\"]"),
                text("/containerSpec/secret", "No Such Secret"),
                text("/containerSpec/rootVolume/cloudDiskSpec/snapshotId", "??")));

        assertThat(validated.subnetId()).isEqualTo("whatever");
        assertThat(validated.securityGroups()).containsExactly("x", "");
    }

    @Test
    void theFirstFailureInBodyOrderWins() {
        assertInvalid(edit(example(), set("/maxCount", "0"), text("/containerSpec/name", "")), "maxCount");
        assertInvalid(edit(example(), text("/containerSpec/name", ""), text("/containerSpec/description", "d".repeat(257))),
                "containerSpec.name");
        assertInvalid(edit(example(), set("/containerSpec/dataVolumes/0/cloudDiskSpec/diskSizeGB", "5"),
                set("/containerSpec/rootVolume/cloudDiskSpec/diskSizeGB", "5")), "containerSpec.rootVolume.cloudDiskSpec.diskSizeGB");
    }

    // ---- refusals -------------------------------------------------------------------------------

    static Stream<Arguments> body() {
        return Stream.of(
                rejects("containerSpec", remove("/containerSpec")),
                rejects("containerSpec", set("/containerSpec", "null")),
                rejects("maxCount", set("/maxCount", "0")),
                rejects("maxCount", set("/maxCount", "101")),
                rejects("maxCount", set("/maxCount", "-1")),
                rejects("clientToken", text("/clientToken", "t".repeat(65))),
                rejects("clientToken", text("/clientToken", "tok\u00e9n")),
                rejects("clientToken", text("/clientToken", "tab\there")));
    }

    static Stream<Arguments> containerFields() {
        String spec = "/containerSpec";
        return Stream.of(
                rejects("containerSpec.instanceType", remove(spec + "/instanceType")),
                rejects("containerSpec.instanceType", text(spec + "/instanceType", "")),
                rejects("containerSpec.instanceType", text(spec + "/instanceType", "g.n9.huge")),
                rejects("containerSpec.az", remove(spec + "/az")),
                rejects("containerSpec.az", text(spec + "/az", "cn-north-1c")),
                rejects("containerSpec.az", text(spec + "/az", "cn-east-1a")),
                rejects("containerSpec.name", remove(spec + "/name")),
                rejects("containerSpec.userTags[0].key", set(spec + "/userTags", "[{\"key\":\"jrn:x\",\"value\":\"v\"}]")),
                rejects("containerSpec.userTags[0].value", set(spec + "/userTags", "[{\"key\":\"k\",\"value\":\"jrn:v\"}]")),
                rejects("containerSpec.userTags[1].key",
                        set(spec + "/userTags", "[{\"key\":\"k\",\"value\":\"1\"},{\"key\":\"k\",\"value\":\"2\"}]")),
                rejects("containerSpec.userTags", set(spec + "/userTags", array(11, i -> "{\"key\":\"k" + i + "\"}"))),
                rejects("containerSpec.resourceGroupId", text(spec + "/resourceGroupId", "rg-1")),
                rejects("containerSpec.name", text(spec + "/name", "")),
                rejects("containerSpec.name", text(spec + "/name", "n".repeat(33))),
                rejects("containerSpec.name", text(spec + "/name", "网".repeat(33))),
                rejects("containerSpec.name", text(spec + "/name", "web nginx")),
                rejects("containerSpec.name", text(spec + "/name", "web.nginx")),
                rejects("containerSpec.name", text(spec + "/name", "ｗｅｂ")),
                rejects("containerSpec.name", text(spec + "/name", "web!")),
                rejects("containerSpec.name", text(spec + "/name", "café")),
                rejects("containerSpec.hostAliases", set(spec + "/hostAliases",
                        array(11, i -> "{\"hostnames\":[\"h\"],\"ip\":\"10.0.0.1\"}"))),
                rejects("containerSpec.hostAliases[1]", set(spec + "/hostAliases/1", "null")),
                rejects("containerSpec.hostAliases[0].hostnames", set(spec + "/hostAliases/0/hostnames", "[]")),
                rejects("containerSpec.hostAliases[0].hostnames", remove(spec + "/hostAliases/0/hostnames")),
                rejects("containerSpec.hostAliases[0].hostnames[1]", set(spec + "/hostAliases/0/hostnames/1", "\"-db\"")),
                rejects("containerSpec.hostAliases[0].hostnames[0]", text(spec + "/hostAliases/0/hostnames/0", "db_1")),
                rejects("containerSpec.hostAliases[0].hostnames[0]", text(spec + "/hostAliases/0/hostnames/0",
                        longHostname(62))),
                rejects("containerSpec.hostAliases[0].hostnames[0]", set(spec + "/hostAliases/0/hostnames/0", "null")),
                rejects("containerSpec.hostAliases[0].ip", remove(spec + "/hostAliases/0/ip")),
                rejects("containerSpec.hostAliases[0].ip", text(spec + "/hostAliases/0/ip", "10.0.16")),
                rejects("containerSpec.hostAliases[0].ip", text(spec + "/hostAliases/0/ip", "10.0.16.256")),
                rejects("containerSpec.hostAliases[0].ip", text(spec + "/hostAliases/0/ip", "010.0.16.1")),
                rejects("containerSpec.hostAliases[0].ip", text(spec + "/hostAliases/0/ip", "::1")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "-web")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "web-")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "web_01")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "web..01")),
                rejects("containerSpec.hostname", text(spec + "/hostname", ".web")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "web.")),
                rejects("containerSpec.hostname", text(spec + "/hostname", "a".repeat(31) + "." + "b".repeat(32))),
                rejects("containerSpec.command", set(spec + "/command", "[\"" + "c".repeat(257) + "\"]")),
                rejects("containerSpec.command", set(spec + "/command", "[\"" + "c".repeat(200) + "\",\"" + "d".repeat(57) + "\"]")),
                rejects("containerSpec.command[1]", set(spec + "/command", "[\"nginx\", null]")),
                rejects("containerSpec.args", set(spec + "/args", array(9, i -> "\"" + "a".repeat(i == 0 ? 1 : 256) + "\""))),
                rejects("containerSpec.args[0]", set(spec + "/args", "[null]")),
                rejects("containerSpec.envs", set(spec + "/envs", array(101, i -> "{\"name\":\"E" + i + "\"}"))),
                rejects("containerSpec.envs[1]", set(spec + "/envs/1", "null")),
                rejects("containerSpec.envs[0].name", remove(spec + "/envs/0/name")),
                rejects("containerSpec.envs[0].name", text(spec + "/envs/0/name", "")),
                rejects("containerSpec.envs[0].name", text(spec + "/envs/0/name", "A=B")),
                rejects("containerSpec.envs[0].name", text(spec + "/envs/0/name", "A\u0000")),
                rejects("containerSpec.envs[0].name", text(spec + "/envs/0/name", "E".repeat(257))),
                rejects("containerSpec.envs[1].name", set(spec + "/envs/1", "{\"name\":\"TZ\",\"value\":\"UTC\"}")),
                rejects("containerSpec.image", remove(spec + "/image")),
                rejects("containerSpec.image", text(spec + "/image", "Nginx:1.15")),
                rejects("containerSpec.workingDir", text(spec + "/workingDir", "")),
                rejects("containerSpec.workingDir", text(spec + "/workingDir", "srv/app")),
                rejects("containerSpec.workingDir", text(spec + "/workingDir", "/" + "w".repeat(1024))),
                rejects("containerSpec.logConfiguration.logDriver", text(spec + "/logConfiguration/logDriver", "json-file")),
                rejects("containerSpec.description", text(spec + "/description", "d".repeat(257))));
    }

    static Stream<Arguments> rootVolume() {
        String root = "/containerSpec/rootVolume";
        String field = "containerSpec.rootVolume";
        return Stream.of(
                rejects(field, remove(root)),
                rejects(field + ".category", remove(root + "/category")),
                rejects(field + ".category", text(root + "/category", "local")),
                rejects(field + ".mountPath", text(root + "/mountPath", "/root")),
                rejects(field + ".mountPath", text(root + "/mountPath", "")),
                rejects(field + ".readOnly", set(root + "/readOnly", "true")),
                rejects(field, remove(root + "/cloudDiskSpec")),
                rejects(field, text(root + "/cloudDiskId", "vol-rootdisk01")),
                rejects(field + ".cloudDiskSpec.az", text(root + "/cloudDiskSpec/az", "cn-north-1b")),
                rejects(field + ".cloudDiskSpec.name", remove(root + "/cloudDiskSpec/name")),
                rejects(field + ".cloudDiskSpec.name", text(root + "/cloudDiskSpec/name", "root disk")),
                rejects(field + ".cloudDiskSpec.name", text(root + "/cloudDiskSpec/name", "r".repeat(33))),
                rejects(field + ".cloudDiskSpec.description", text(root + "/cloudDiskSpec/description", "d".repeat(257))),
                rejects(field + ".cloudDiskSpec.diskType", remove(root + "/cloudDiskSpec/diskType")),
                rejects(field + ".cloudDiskSpec.diskType", text(root + "/cloudDiskSpec/diskType", "hdd.std1")),
                rejects(field + ".cloudDiskSpec.diskSizeGB", remove(root + "/cloudDiskSpec/diskSizeGB")),
                rejects(field + ".cloudDiskSpec.diskSizeGB", disk(root + "/cloudDiskSpec", "ssd", 0)),
                rejects(field + ".cloudDiskSpec.diskSizeGB", disk(root + "/cloudDiskSpec", "ssd", 110)),
                rejects(field + ".cloudDiskSpec.diskSizeGB", disk(root + "/cloudDiskSpec", "ssd", 25)),
                rejects(field + ".cloudDiskSpec.diskSizeGB", disk(root + "/cloudDiskSpec", "premium-hdd", 10)),
                rejects(field + ".cloudDiskSpec.diskSizeGB", disk(root + "/cloudDiskSpec", "premium-hdd", 1010)),
                rejects(field + ".cloudDiskSpec.multiAttachable", set(root + "/cloudDiskSpec/multiAttachable", "true")),
                rejects(field + ".fsType", text(root + "/fsType", "ext3")),
                rejects(field + ".fsType", set(root, "{\"category\":\"cloud\",\"cloudDiskId\":\"vol-rootdisk01\"}")));
    }

    static Stream<Arguments> dataVolumes() {
        String data = "/containerSpec/dataVolumes";
        String field = "containerSpec.dataVolumes";
        return Stream.of(
                rejects(field, set(data, array(8, i -> dataVolume("/d" + i)))),
                rejects(field + "[1]", set(data + "/1", "null")),
                rejects(field + "[0].category", remove(data + "/0/category")),
                rejects(field + "[0].category", text(data + "/0/category", "local")),
                rejects(field + "[0].mountPath", remove(data + "/0/mountPath")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "data")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "/")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "//")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "/da:ta")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "/data/..")),
                rejects(field + "[0].mountPath", text(data + "/0/mountPath", "/./data")),
                rejects(field + "[2].mountPath", set(data, "[" + dataVolume("/a") + "," + dataVolume("/b") + ","
                        + dataVolume("/a") + "]")),
                rejects(field + "[1].mountPath", set(data, "[" + dataVolume("/data") + "," + dataVolume("//data/") + "]")),
                rejects(field + "[0]", set(data + "/0/cloudDiskId", "\"vol-datadisk1\"")),
                rejects(field + "[0]", remove(data + "/0/cloudDiskSpec")),
                rejects(field + "[0].cloudDiskSpec.az", text(data + "/0/cloudDiskSpec/az", "cn-north-1b")),
                rejects(field + "[0].cloudDiskSpec.name", text(data + "/0/cloudDiskSpec/name", "")),
                rejects(field + "[0].cloudDiskSpec.description", text(data + "/0/cloudDiskSpec/description", "d".repeat(257))),
                rejects(field + "[0].cloudDiskSpec.diskType", text(data + "/0/cloudDiskSpec/diskType", "SSD")),
                rejects(field + "[0].cloudDiskSpec.diskSizeGB", disk(data + "/0/cloudDiskSpec", "ssd", 10)),
                rejects(field + "[0].cloudDiskSpec.diskSizeGB", disk(data + "/0/cloudDiskSpec", "ssd", 1010)),
                rejects(field + "[0].cloudDiskSpec.diskSizeGB", disk(data + "/0/cloudDiskSpec", "premium-hdd", 3010)),
                rejects(field + "[0].cloudDiskSpec.diskSizeGB", disk(data + "/0/cloudDiskSpec", "premium-hdd", 2995)),
                rejects(field + "[0].cloudDiskSpec.multiAttachable", set(data + "/0/cloudDiskSpec/multiAttachable", "true")),
                rejects(field + "[0].fsType", text(data + "/0/fsType", "btrfs")),
                rejects(field + "[0].fsType", set(data + "/0",
                        "{\"category\":\"cloud\",\"mountPath\":\"/data\",\"cloudDiskId\":\"vol-datadisk1\"}")));
    }

    static Stream<Arguments> network() {
        String eip = "/containerSpec/elasticIp";
        String attachment = "/containerSpec/primaryNetworkInterface";
        String attachmentField = "containerSpec.primaryNetworkInterface";
        return Stream.of(
                rejects("containerSpec.elasticIp.bandwidthMbps", remove(eip + "/bandwidthMbps")),
                rejects("containerSpec.elasticIp.bandwidthMbps", set(eip + "/bandwidthMbps", "0")),
                rejects("containerSpec.elasticIp.bandwidthMbps", set(eip + "/bandwidthMbps", "201")),
                rejects("containerSpec.elasticIp.provider", text(eip + "/provider", "no_bg")),
                rejects("containerSpec.elasticIp.chargeSpec.chargeMode", text(eip + "/chargeSpec/chargeMode", "by_usage")),
                rejects(attachmentField, remove(attachment)),
                rejects(attachmentField + ".autoDelete", set(attachment + "/autoDelete", "false")),
                rejects(attachmentField + ".deviceIndex", set(attachment + "/deviceIndex", "2")),
                rejects(NIC_FIELD, remove(NIC)),
                rejects(NIC_FIELD + ".subnetId", remove(NIC + "/subnetId")),
                rejects(NIC_FIELD + ".subnetId", text(NIC + "/subnetId", "")),
                rejects(NIC_FIELD + ".az", text(NIC + "/az", "cn-north-1b")),
                rejects(NIC_FIELD + ".primaryIpAddress", set("/maxCount", "1"), text(NIC + "/primaryIpAddress", "10.0.16.300")),
                rejects(NIC_FIELD + ".primaryIpAddress", set("/maxCount", "1"), text(NIC + "/primaryIpAddress", "")),
                rejects("maxCount", text(NIC + "/primaryIpAddress", "10.0.16.7")),
                rejects(NIC_FIELD + ".secondaryIpAddresses", set(NIC + "/secondaryIpAddresses", "[\"10.0.16.8\"]")),
                rejects(NIC_FIELD + ".secondaryIpCount", set(NIC + "/secondaryIpCount", "1")),
                rejects(NIC_FIELD + ".securityGroups", remove(NIC + "/securityGroups")),
                rejects(NIC_FIELD + ".securityGroups", set(NIC + "/securityGroups", "[]")),
                rejects(NIC_FIELD + ".securityGroups", set(NIC + "/securityGroups", array(6, i -> "\"sg-" + i + "\""))),
                rejects(NIC_FIELD + ".securityGroups[2]", set(NIC + "/securityGroups", "[\"sg-a\",\"sg-b\",\"sg-a\"]")),
                rejects(NIC_FIELD + ".securityGroups[0]", set(NIC + "/securityGroups", "[null]")),
                rejects(NIC_FIELD + ".description", text(NIC + "/description", "d".repeat(257))));
    }

    static Stream<Arguments> charge() {
        String charge = "/containerSpec/charge";
        String field = "containerSpec.charge";
        return Stream.of(
                rejects(field + ".chargeMode", text(charge + "/chargeMode", "postpaid_by_usage")),
                rejects(field + ".chargeMode", text(charge + "/chargeMode", "monthly")),
                rejects(field + ".chargeUnit", set(charge, prepaid("\"week\"", "1"))),
                rejects(field + ".chargeDuration", set(charge, prepaid(null, null))),
                rejects(field + ".chargeDuration", set(charge, prepaid("\"month\"", "0"))),
                rejects(field + ".chargeDuration", set(charge, prepaid(null, "10"))),
                rejects(field + ".chargeDuration", set(charge, prepaid("\"year\"", "4"))));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource({"body", "containerFields", "rootVolume", "dataVolumes", "network", "charge"})
    void refuses(String field, String edits, List<Edit> editList) {
        assertInvalid(edit(example(), editList.toArray(Edit[]::new)), field);
    }

    @Test
    void theRuleIsInTheMessage() {
        assertThatThrownBy(() -> validate(edit(example(), set("/containerSpec/rootVolume/cloudDiskSpec/diskSizeGB", "5"))))
                .hasMessage("containerSpec.rootVolume.cloudDiskSpec.diskSizeGB: must be a multiple of 10 in [10, 100] for ssd");
        assertThatThrownBy(() -> validate(edit(example(), set("/containerSpec/dataVolumes", array(8, i -> dataVolume("/d" + i))))))
                .hasMessage("containerSpec.dataVolumes: at most 7");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Replaces (or appends to an array, or with a null value removes) the node at a JSON pointer. */
    record Edit(String pointer, JsonNode value) {
        @Override
        public String toString() {
            String shown = value == null ? "<removed>" : value.toString();
            return pointer + "=" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
        }
    }

    private static Arguments rejects(String field, Edit... edits) {
        return Arguments.of(field, Arrays.stream(edits).map(Edit::toString).collect(Collectors.joining(", ")), List.of(edits));
    }

    private static Edit set(String pointer, String json) {
        try {
            return new Edit(pointer, Json.mapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Edit text(String pointer, String value) {
        return new Edit(pointer, TextNode.valueOf(value));
    }

    private static Edit remove(String pointer) {
        return new Edit(pointer, null);
    }

    private static Edit[] disk(String pointer, String type, int sizeGb) {
        return new Edit[] {text(pointer + "/diskType", type), set(pointer + "/diskSizeGB", String.valueOf(sizeGb))};
    }

    private static String array(int size, java.util.function.IntFunction<String> element) {
        return IntStream.range(0, size).mapToObj(element).collect(Collectors.joining(",", "[", "]"));
    }

    /** Four labels, the last {@code lastLabel} long: 253 characters for 61. */
    private static String longHostname(int lastLabel) {
        return String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(lastLabel));
    }

    private static String dataVolume(String mountPath) {
        return "{\"category\":\"cloud\",\"mountPath\":\"" + mountPath + "\","
                + "\"cloudDiskSpec\":{\"name\":\"d\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}";
    }

    private static String prepaid(String unit, String duration) {
        return "{\"chargeMode\":\"prepaid_by_duration\",\"chargeUnit\":" + unit + ",\"chargeDuration\":" + duration + "}";
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode example() {
        return parse(EXAMPLE);
    }

    private static ObjectNode edit(ObjectNode body, Edit... edits) {
        for (Edit edit : edits) {
            JsonPointer pointer = JsonPointer.compile(edit.pointer());
            JsonNode parent = body.at(pointer.head());
            String last = pointer.last().getMatchingProperty();
            if (parent instanceof ObjectNode object) {
                if (edit.value() == null) {
                    object.remove(last);
                } else {
                    object.set(last, edit.value());
                }
            } else if (parent instanceof ArrayNode array) {
                int index = Integer.parseInt(last);
                if (edit.value() == null) {
                    array.remove(index);
                } else if (index == array.size()) {
                    array.add(edit.value());
                } else {
                    array.set(index, edit.value());
                }
            } else {
                throw new IllegalArgumentException("no object or array at " + pointer.head());
            }
        }
        return body;
    }

    private static ValidatedCreate validate(JsonNode body) {
        return VALIDATOR.validate(REGION, Json.read(body.toString().getBytes(UTF_8), CreateContainersRequest.class));
    }

    private static void assertInvalid(JsonNode body, String field) {
        assertThatThrownBy(() -> validate(body))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(ErrorStatus.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                });
    }
}
