package nc.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.Test;

/** Every ContainerSpec field has its effect in the real engine (issue 3, point 2). */
class ContainerOnEngineTest extends OnEngine {

    private static String inspect(String id, String template) {
        return Engine.docker("inspect", "--format", template, "nc-" + id).strip();
    }

    @Test
    void aContainerFromThePrivateRegistryRunsWithEverySpecFieldApplied() {
        String id = containers.createOne("\"hostname\":\"web-01\","
                        + "\"hostAliases\":[{\"hostnames\":[\"db.internal\",\"db\"],\"ip\":\"10.0.16.20\"}],"
                        + "\"envs\":[{\"name\":\"TZ\",\"value\":\"Asia/Shanghai\"},{\"name\":\"EMPTY\"}],"
                        + "\"workingDir\":\"/tmp\",\"description\":\"integration\","
                        + "\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\",\"cloudDiskSpec\":{\"name\":\"data\","
                        + "\"diskType\":\"ssd\",\"diskSizeGB\":20}},{\"category\":\"cloud\",\"mountPath\":\"/config\",\"readOnly\":true,"
                        + "\"cloudDiskSpec\":{\"name\":\"config\",\"diskType\":\"premium-hdd\",\"diskSizeGB\":20}}]",
                "env", "hostname", "pwd", "sleep");
        JsonNode c = containers.awaitRunning(id);

        assertThat(c.path("hostname").asText()).isEqualTo("web-01");
        assertThat(c.path("workingDir").asText()).isEqualTo("/tmp");
        assertThat(c.path("image").asText()).isEqualTo(engine.image());
        assertThat(c.path("secret").asText()).isEqualTo(containers.secret());
        assertThat(c.path("vpcId").asText()).isEqualTo(containers.network().vpcId());
        assertThat(c.path("subnetId").asText()).isEqualTo(containers.network().subnetId());
        String ip = c.path("privateIpAddress").asText();
        assertThat(ip).startsWith("10.240.0.");
        JsonNode nic = c.path("primaryNetworkInterface").path("networkInterface");
        assertThat(nic.path("primaryIp").path("privateIpAddress").asText()).isEqualTo(ip);
        assertThat(nic.path("macAddress").asText()).matches("fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}");
        assertThat(nic.path("securityGroups").get(0).path("groupName").asText()).isEqualTo("default");
        assertThat(c.path("rootVolume").path("cloudDisk").path("diskSize").asInt()).isEqualTo(10);
        assertThat(c.path("dataVolumes")).hasSize(2);
        assertThat(c.path("dataVolumes").get(1).path("readOnly").asBoolean()).isTrue();
        assertThat(c.path("charge").path("chargeMode").asText()).isEqualTo("postpaid_by_duration");

        assertThat(inspect(id, "{{.State.Running}}")).isEqualTo("true");
        assertThat(inspect(id, "{{index .Config.Labels \"nc.container\"}}")).isEqualTo(id);
        assertThat(inspect(id, "{{.Config.Hostname}}")).isEqualTo("web-01");
        assertThat(inspect(id, "{{.Config.WorkingDir}}")).isEqualTo("/tmp");
        assertThat(inspect(id, "{{json .Config.Env}}")).contains("TZ=Asia/Shanghai", "EMPTY=");
        assertThat(inspect(id, "{{json .HostConfig.ExtraHosts}}")).contains("db.internal:10.0.16.20", "db:10.0.16.20");
        assertThat(inspect(id, "{{.HostConfig.NanoCpus}}")).isEqualTo("1000000000");
        assertThat(inspect(id, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(2L * 1024 * 1024 * 1024));
        // on the engine's none network; nc plugged its eth0 with the interface's address and MAC
        assertThat(inspect(id, "{{.HostConfig.NetworkMode}}")).isEqualTo("none");
        assertThat(Engine.docker("exec", "nc-" + id, "ip", "-o", "-4", "addr", "show", "eth0")).contains("inet " + ip + "/");
        assertThat(Engine.docker("exec", "nc-" + id, "ip", "-o", "link", "show", "eth0")).contains("link/ether " + nic.path("macAddress").asText());
        assertThat(inspect(id, "{{.HostConfig.RestartPolicy.Name}}")).isEqualTo("unless-stopped");
        assertThat(inspect(id, "{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config \"max-file\"}}"))
                .isEqualTo("json-file 2");
        assertThat(inspect(id, "{{range .Mounts}}{{.Destination}}:{{.RW}} {{end}}")).contains("/data:true", "/config:false");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(containers.logs(id, Map.of())).contains("hostname=web-01", "pwd=/tmp", "TZ=Asia/Shanghai", "started"));
        assertThat(Engine.docker("exec", "nc-" + id, "cat", "/etc/hosts")).contains("10.0.16.20").contains("db.internal");
        assertThat(Engine.docker("exec", "nc-" + id, "sh", "-c", "echo x > /data/f && cat /data/f")).isEqualTo("x\n");
        assertThat(Engine.docker("ps", "--filter", "label=nc.container=" + id, "--format", "{{.Names}}").strip()).isEqualTo("nc-" + id);
    }

    @Test
    void theHostnameDefaultsToTheContainerIdAndCommandReplacesTheEntrypoint() {
        String id = containers.createOne("\"command\":[\"/bin/sh\",\"-c\"],\"args\":[\"echo from-command; hostname; sleep 3600\"],"
                + "\"tty\":true");
        JsonNode c = containers.awaitRunning(id);
        assertThat(c.path("hostname").asText()).isEqualTo(id);
        assertThat(c.path("tty").asBoolean()).isTrue();
        assertThat(inspect(id, "{{json .Config.Entrypoint}}")).isEqualTo("[\"/bin/sh\",\"-c\"]");
        assertThat(inspect(id, "{{.Config.Tty}}")).isEqualTo("true");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(containers.logs(id, Map.of())).contains("from-command").contains(id));
    }

    @Test
    void aWrongRegistryPasswordEndsInErrorWithTheRegistrysAnswerAndLeavesNoEngineContainer() {
        ApiResponse secret = containers.client().post("/v1/regions/cn-north-1/secrets", "{\"name\":\"wrong-password\","
                + "\"secretType\":\"docker-registry\",\"data\":{\"server\":\"" + nc.testing.Secrets.b64(engine.registry())
                + "\",\"username\":\"" + nc.testing.Secrets.b64(engine.username()) + "\",\"password\":\""
                + nc.testing.Secrets.b64("not-the-password") + "\"}}");
        assertThat(secret.status()).isEqualTo(200);
        String body = containers.body(1, null).replace("\"secret\":\"" + containers.secret() + "\"", "\"secret\":\"wrong-password\"");
        String id = containers.create(body).get(0);
        JsonNode c = containers.awaitStatus(id, "error", Duration.ofSeconds(60));
        assertThat(c.path("reason").asText()).containsIgnoringCase("unauthorized").doesNotContain("not-the-password");
        assertThat(Engine.docker("ps", "-a", "--filter", "label=nc.container=" + id, "--format", "{{.Names}}")).isBlank();
        assertThat(containers.logs(id, Map.of())).isEmpty();
        assertThat(containers.delete(id).status()).isEqualTo(200);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(30));
    }
}
