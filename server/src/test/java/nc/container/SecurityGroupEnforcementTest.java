package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nc.tenantnet.kernel.Names;
import nc.testing.ApiResponse;
import nc.testing.OnEngine;
import nc.testing.Shell;
import org.junit.jupiter.api.Test;

/** Security groups made through the vpc API filter real traffic between real containers, and rule changes follow at once. */
class SecurityGroupEnforcementTest extends OnEngine {

    private static boolean reaches(String from, String ip, int port) {
        return Shell.run("docker", "exec", "nc-" + from, "sh", "-c", "nc -w 2 " + ip + " " + port + " </dev/null")
                .stdout().contains("hello");
    }

    @Test
    void onlyTheAllowedPortIsReachableAndARuleChangeReachesEveryMemberWithinTwoSeconds() {
        var vpc = containers.client().service("vpc");
        String vpcId = containers.network().vpcId();
        ApiResponse group = vpc.post("/v1/regions/cn-north-1/networkSecurityGroups/",
                "{\"vpcId\":\"" + vpcId + "\",\"networkSecurityGroupName\":\"web-only\"}");
        assertThat(group.status()).as(group.toString()).isEqualTo(200);
        String groupId = group.result().path("networkSecurityGroupId").asText();
        String rulesPath = "/v1/regions/cn-north-1/networkSecurityGroups/" + groupId + ":addNetworkSecurityGroupRules";
        assertThat(vpc.post(rulesPath, "{\"networkSecurityGroupRuleSpecs\":[{\"direction\":0,\"protocol\":6,"
                + "\"addressPrefix\":\"10.240.0.0/16\",\"fromPort\":8080,\"toPort\":8080},{\"direction\":1,\"protocol\":300,"
                + "\"addressPrefix\":\"0.0.0.0/0\"}]}").status()).isEqualTo(200);

        // two members made in one burst (their filters are written together), both changed by one rule change
        List<String> servers = containers.create(containers.body(2, "\"command\":[\"/bin/sh\",\"-c\"],\"args\":[\"nc -ll -p 8080 -e echo hello & "
                + "nc -ll -p 9090 -e echo hello\"]")
                .replace(containers.network().securityGroupId(), groupId));
        String client = containers.createOne(null, "sleep");
        List<String> serverIps = servers.stream().map(id -> containers.awaitRunning(id).path("privateIpAddress").asText()).toList();
        containers.awaitRunning(client);

        for (String serverIp : serverIps) {
            await().atMost(Duration.ofSeconds(20)).until(() -> reaches(client, serverIp, 8080));
            assertThat(reaches(client, serverIp, 9090)).as("port 9090 is not allowed").isFalse();
        }

        long changed = System.nanoTime();
        assertThat(vpc.post(rulesPath, "{\"networkSecurityGroupRuleSpecs\":[{\"direction\":0,\"protocol\":6,"
                + "\"addressPrefix\":\"10.240.0.0/16\",\"fromPort\":9090,\"toPort\":9090}]}").status()).isEqualTo(200);
        for (String serverIp : serverIps) {
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() -> reaches(client, serverIp, 9090));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(4));

        List<String> all = new ArrayList<>(servers);
        all.add(client);
        List<String> addresses = new ArrayList<>(serverIps);
        addresses.add(containers.describe(client).path("privateIpAddress").asText());
        all.forEach(containers::delete);
        all.forEach(id -> containers.awaitStatus(id, "gone", Duration.ofSeconds(60)));
        String ns = Names.forOwner(server.server().owner()).namespace(vpcId);
        String left = Shell.run("ip", "netns", "exec", ns, "nft", "list", "ruleset").stdout();
        String links = Shell.run("ip", "-n", ns, "-o", "link", "show").stdout();
        for (String ip : addresses) {
            assertThat(left).as("the filter of deleted interface " + ip).doesNotContain(ip + " ");
        }
        assertThat(links).as("no port of a deleted container is left in the VPC router").doesNotContain(": v");
    }
}
