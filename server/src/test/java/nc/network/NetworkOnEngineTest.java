package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.network.VpcApi.GROUPS;
import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static nc.network.VpcApi.texts;
import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import nc.tenantnet.kernel.Names;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.Test;

/**
 * End to end on the real engine: a network built with the vpc API carries a container with an
 * elastic IP; the guards hold while it lives, and everything can go once it is gone.
 */
class NetworkOnEngineTest extends OnEngine {

    @Test
    void aContainerWithAnElasticIpInANetworkMadeThroughTheVpcApi() {
        VpcApi vpc = new VpcApi(containers.client());
        String v = vpc.createVpc("e2e", "10.253.0.0/16");
        String s = vpc.createSubnet(v, "e2e", "10.253.7.0/24");
        String g = vpc.createGroup(v, "e2e");
        assertSuccess(vpc.addRules(g, "{\"direction\":0,\"protocol\":300,\"addressPrefix\":\"10.253.0.0/16\"},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}"));

        String body = containers.body(1, "\"elasticIp\":{\"bandwidthMbps\":10}", "sleep")
                .replace(containers.network().subnetId(), s).replace(containers.network().securityGroupId(), g);
        String id = containers.create(body).get(0);
        JsonNode c = containers.awaitRunning(id);
        assertThat(c.path("vpcId").asText()).isEqualTo(v);
        assertThat(c.path("privateIpAddress").asText()).isEqualTo("10.253.7.3");
        assertThat(Engine.docker("exec", "nc-" + id, "ip", "-o", "-4", "addr", "show", "eth0"))
                .as("the container's own interface").contains("inet 10.253.7.3/24");
        String router = Names.forOwner(server.server().owner()).namespace(v);
        assertThat(Path.of("/run/netns", router)).as("the VPC's router").exists();

        String eip = c.path("elasticIpId").asText();
        JsonNode e = vpc.eip(eip);
        assertThat(e.path("status").asText()).isEqualTo("ASSOCIATED");
        assertThat(e.path("instanceId").asText()).isEqualTo(id);
        assertThat(e.path("privateIpAddress").asText()).isEqualTo("10.253.7.3");
        assertThat(e.path("elasticIpAddress").asText()).isEqualTo(c.path("elasticIpAddress").asText()).startsWith("127.100.0.");
        assertThat(vpc.subnet(s).path("availableIpCount").asInt()).isEqualTo(251);
        String port = c.path("primaryNetworkInterface").path("networkInterface").path("networkInterfaceId").asText();
        assertThat(texts(vpc.group(g).path("networkInterfaceIds"), null)).containsExactly(port);
        assertThat(c.path("primaryNetworkInterface").path("networkInterface").path("securityGroups").get(0).path("groupName").asText())
                .isEqualTo("e2e");

        assertError(vpc.delete(SUBNETS + s), 400, "FAILED_PRECONDITION");
        assertError(vpc.delete(GROUPS + g), 400, "FAILED_PRECONDITION");
        assertError(vpc.delete(EIPS + eip), 400, "FAILED_PRECONDITION");
        assertError(vpc.delete(VPCS + v), 400, "FAILED_PRECONDITION");

        assertThat(containers.delete(id).status()).isEqualTo(200);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
        assertError(vpc.get(EIPS + eip), 404, "NOT_FOUND");
        assertThat(vpc.subnet(s).path("availableIpCount").asInt()).isEqualTo(252);
        assertThat(vpc.delete(SUBNETS + s).status()).isEqualTo(200);
        assertThat(vpc.delete(VPCS + v).status()).isEqualTo(200);
        assertError(vpc.get(GROUPS + g), 404, "NOT_FOUND");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(Path.of("/run/netns", router)).as("the deleted VPC's router").doesNotExist());
    }
}
