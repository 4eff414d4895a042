package nc.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refused creates leave nothing behind; maxCount is best effort when addresses run out (issue 3, points 6 and 8). */
class CreateRefusalsTest extends OnEngine {
    static AdminClient admin;
    static String account;

    @BeforeAll
    static void operator() {
        admin = server.admin();
        account = server.defaultKey().accountId();
    }

    private static long used() {
        return containers.client().get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "container"))
                .result().path("quota").path("used").asLong();
    }

    private static String engineContainers() {
        return Engine.docker("ps", "-a", "--filter", "label=nc.owner=" + server.server().owner(), "--format", "{{.Names}}");
    }

    private static String created(ApiResponse response, String member) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.result().path(member).path(member.equals("vpc") ? "vpcId" : member.equals("subnet") ? "subnetId"
                : "networkSecurityGroupId").asText();
    }

    @Test
    void everyRefusedCreateLeavesNoContainerAddressDiskOrQuotaUse() {
        long before = used();
        String engineBefore = engineContainers();
        String otherVpc = created(admin.post("/admin/accounts/" + account + "/vpcs", "{\"name\":\"other\",\"cidr\":\"10.250.0.0/16\"}"), "vpc");
        String foreignGroup = created(admin.post("/admin/accounts/" + account + "/securityGroups",
                "{\"vpcId\":\"" + otherVpc + "\",\"name\":\"foreign\"}"), "securityGroup");

        String sg = containers.network().securityGroupId();
        List<ApiResponse> refusals = List.of(
                containers.client().post(Containers.BASE, containers.body(1, null).replace(sg, "sg-doesnotexi")),
                containers.client().post(Containers.BASE, containers.body(1, null).replace(sg, foreignGroup)),
                containers.client().post(Containers.BASE, containers.body(1, null).replace("\"secret\":\"test-registry\"", "\"secret\":\"nope\"")),
                containers.client().post(Containers.BASE, containers.body(1, null).replace("\"instanceType\":\"g.s1.small\"",
                        "\"instanceType\":\"x.huge\"")),
                containers.client().post(Containers.BASE, containers.bodyWithAddress("10.240.0.255")),
                containers.client().post(Containers.BASE, containers.body(1, "\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/d\","
                        + "\"cloudDiskId\":\"vol-doesnotexi\",\"fsType\":\"xfs\"}]")),
                containers.client().post(Containers.BASE, containers.body(101, null)));
        assertThat(refusals).extracting(ApiResponse::status).containsExactly(404, 400, 404, 400, 400, 404, 400);
        assertThat(refusals.get(1).errorMessage()).contains("not to the subnet's VPC");
        assertThat(refusals.get(3).errorMessage()).startsWith("containerSpec.instanceType");

        assertThat(used()).isEqualTo(before);
        assertThat(engineContainers()).isEqualTo(engineBefore);
        assertThat(containers.client().get(Containers.BASE, Map.of()).result().path("totalCount").asLong()).isEqualTo(before);
    }

    @Test
    void maxCountIsBestEffortWhenTheSubnetRunsOutOfAddresses() {
        String vpc = created(admin.post("/admin/accounts/" + account + "/vpcs", "{\"name\":\"small\",\"cidr\":\"10.242.0.0/16\"}"), "vpc");
        String subnet = created(admin.post("/admin/accounts/" + account + "/subnets",
                "{\"vpcId\":\"" + vpc + "\",\"name\":\"tiny\",\"cidr\":\"10.242.0.0/28\"}"), "subnet");
        String group = created(admin.post("/admin/accounts/" + account + "/securityGroups", "{\"vpcId\":\"" + vpc + "\",\"name\":\"g\"}"),
                "securityGroup");
        String body = containers.body(15, null, "sleep").replace(containers.network().subnetId(), subnet)
                .replace(containers.network().securityGroupId(), group);
        List<String> ids = containers.create(body);
        assertThat(ids).as("a /28 has 16 addresses, 4 reserved").hasSize(12);
        for (String id : ids) {
            JsonNode c = containers.awaitRunning(id);
            assertThat(c.path("privateIpAddress").asText()).startsWith("10.242.0.");
        }
        ApiResponse full = containers.client().post(Containers.BASE, body.replace("\"maxCount\":15", "\"maxCount\":1"));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(full.errorMessage()).isEqualTo("subnet " + subnet + " has no free IP address");
        for (String id : ids) {
            containers.delete(id);
        }
        for (String id : ids) {
            containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        }
    }

    @Test
    void theOperatorsInstanceTypesSizeTheContainer() {
        ApiResponse put = admin.send("PUT", "/admin/instanceTypes/t.test.tiny", "{\"cpu\":1,\"memoryGb\":1}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        String id = containers.create(containers.body(1, null, "sleep").replace("g.s1.small", "t.test.tiny")).get(0);
        containers.awaitRunning(id);
        assertThat(Engine.docker("inspect", "--format", "{{.HostConfig.Memory}}", "nc-" + id).strip())
                .isEqualTo(String.valueOf(1024L * 1024 * 1024));
        assertThat(admin.get("/admin/instanceTypes").body()).contains("t.test.tiny").contains("g.n1.medium");
    }
}
