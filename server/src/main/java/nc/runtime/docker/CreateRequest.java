package nc.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.List;
import java.util.Map;
import nc.runtime.EngineContainer;

/** An EngineContainer as the engine's create request. */
final class CreateRequest {
    /** json-file keeps the current file and one rotated file, each half of the budget. */
    static final int LOG_FILES = 2;
    static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";

    private CreateRequest() {
    }

    /** With {@code limitRootFs}, the engine's storage driver caps the writable layer at {@code rootFsBytes}. */
    static CreateContainerCmd of(DockerClient docker, EngineContainer c, boolean limitRootFs) {
        HostConfig host = hostConfig(c);
        if (limitRootFs && c.rootFsBytes() > 0) {
            host.withStorageOpt(Map.of("size", Long.toString(c.rootFsBytes())));
        }
        CreateContainerCmd cmd = docker.createContainerCmd(c.image())
                .withName(c.name())
                .withTty(c.tty())
                // a terminal's main process keeps an open stdin for attach (docs/api/nativecontainer.md §6.9: docker run -i -t)
                .withStdinOpen(c.tty())
                .withHostConfig(host);
        if (present(c.entrypoint())) {
            cmd.withEntrypoint(c.entrypoint());
        }
        if (present(c.cmd())) {
            cmd.withCmd(c.cmd());
        }
        if (present(c.env())) {
            cmd.withEnv(c.env());
        }
        if (notBlank(c.hostname())) {
            cmd.withHostName(c.hostname());
        }
        if (notBlank(c.workingDir())) {
            cmd.withWorkingDir(c.workingDir());
        }
        if (notBlank(c.ipv4Address())) {
            cmd.withIpv4Address(c.ipv4Address());
        }
        // Engines before API 1.44 only know the container-wide MAC address.
        if (notBlank(c.macAddress())) {
            cmd.withMacAddress(c.macAddress());
        }
        if (c.labels() != null) {
            cmd.withLabels(c.labels());
        }
        return cmd;
    }

    private static HostConfig hostConfig(EngineContainer c) {
        HostConfig host = HostConfig.newHostConfig()
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withLogConfig(logConfig(c.logBytes()))
                // hardening, always: no privilege gained through setuid or file capabilities; the engine's default
                // capabilities, none added; not privileged
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
                .withPrivileged(false);
        if (c.pidsLimit() > 0) {
            host.withPidsLimit(c.pidsLimit());
        }
        if (present(c.dnsServers())) {
            host.withDns(c.dnsServers());
        }
        if (notBlank(c.network())) {
            host.withNetworkMode(c.network());
        }
        if (c.nanoCpus() > 0) {
            host.withNanoCPUs(c.nanoCpus());
        }
        if (c.memoryBytes() > 0) {
            // swap equal to memory: the limit is the limit, no swap on top
            host.withMemory(c.memoryBytes()).withMemorySwap(c.memoryBytes());
        }
        if (present(c.extraHosts())) {
            host.withExtraHosts(c.extraHosts().stream().map(h -> h.hostname() + ":" + h.ip()).toArray(String[]::new));
        }
        if (present(c.mounts())) {
            host.withMounts(c.mounts().stream()
                    .map(m -> new Mount().withType(m.isBind() ? MountType.BIND : MountType.VOLUME)
                            .withSource(m.isBind() ? m.hostPath() : m.volume()).withTarget(m.path()).withReadOnly(m.readOnly()))
                    .toList());
        }
        return host;
    }

    private static LogConfig logConfig(long logBytes) {
        if (logBytes <= 0) {
            return new LogConfig(LogConfig.LoggingType.JSON_FILE);
        }
        long perFile = Math.max(1, logBytes / LOG_FILES);
        return new LogConfig(LogConfig.LoggingType.JSON_FILE,
                Map.of("max-size", Long.toString(perFile), "max-file", Integer.toString(LOG_FILES)));
    }

    private static boolean present(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
