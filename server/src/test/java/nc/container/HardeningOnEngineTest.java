package nc.container;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import nc.testing.ApiResponse;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.Test;

/**
 * Every container is hardened, as the engine shows it: no new privileges, a pids limit from its
 * instance type (the operator's to set), not privileged, and the engine's default capabilities
 * only (Docker's 14: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE
 * NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP, mask a80425fb).
 */
class HardeningOnEngineTest extends OnEngine {
    private static final String DOCKER_DEFAULT_CAPABILITIES = "00000000a80425fb";

    private static String inspect(String id, String template) {
        return Engine.docker("inspect", "--format", template, "nc-" + id).strip();
    }

    private static String inContainer(String id, String script) {
        return Engine.docker("exec", "nc-" + id, "sh", "-c", script).strip();
    }

    @Test
    void aContainerRunsWithoutNewPrivilegesWithTheDefaultCapabilitiesAndItsTypesPidsLimit() {
        String id = containers.createOne(null, "sleep");
        containers.awaitRunning(id);

        assertThat(inspect(id, "{{json .HostConfig.SecurityOpt}}")).isEqualTo("[\"no-new-privileges:true\"]");
        assertThat(inspect(id, "{{.HostConfig.PidsLimit}}")).isEqualTo(String.valueOf(InstanceType.DEFAULT_PIDS_LIMIT));
        assertThat(inspect(id, "{{.HostConfig.Privileged}} {{json .HostConfig.CapAdd}}")).isEqualTo("false null");
        assertThat(inContainer(id, "grep -E '^(NoNewPrivs|CapEff|CapBnd)' /proc/self/status"))
                .contains("NoNewPrivs:\t1")
                .contains("CapEff:\t" + DOCKER_DEFAULT_CAPABILITIES)
                .contains("CapBnd:\t" + DOCKER_DEFAULT_CAPABILITIES);
    }

    @Test
    void theOperatorSetsThePidsLimitOfAnInstanceTypeAndAContainerCannotForkPastIt() {
        ApiResponse put = server.admin().send("PUT", "/admin/instanceTypes/g.t1.small", "{\"cpu\":1,\"memoryGb\":2,\"pidsLimit\":32}");
        assertSuccess(put);
        assertThat(put.result().path("instanceType").path("pidsLimit").asInt()).isEqualTo(32);
        assertError(server.admin().send("PUT", "/admin/instanceTypes/g.t1.small", "{\"cpu\":1,\"memoryGb\":2,\"pidsLimit\":3}"),
                400, "INVALID_ARGUMENT");

        String id = containers.create(containers.body(1, null, "sleep").replace("\"g.s1.small\"", "\"g.t1.small\"")).get(0);
        containers.awaitRunning(id);
        assertThat(inspect(id, "{{.HostConfig.PidsLimit}}")).isEqualTo("32");
        var forks = nc.testing.Shell.run("docker", "exec", "nc-" + id, "sh", "-c", "for i in $(seq 1 64); do sleep 30 & done");
        assertThat(forks.exitCode()).as("starting 64 processes under a limit of 32").isNotZero();
        assertThat(forks.stderr()).containsIgnoringCase("can't fork");
    }
}
