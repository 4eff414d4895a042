package nc.runtime;

import java.util.List;
import java.util.Map;

/**
 * What to create in the engine. Null entrypoint or cmd means the image's own. The engine keeps at
 * most {@code logBytes} of log, rotated. The restart policy brings the main process back when it
 * exits, except after a stop. {@code rootFsBytes} (0: none) limits the container's own writable
 * filesystem where the engine can ({@link ContainerRuntime#limitsRootFs()}). {@code pidsLimit} (0:
 * the engine's default, none) caps its processes. Every container is made without new privileges
 * (setuid binaries and file capabilities grant nothing) and with the engine's default capabilities.
 * {@code dnsServers} (empty: the engine's default, the host's) become its resolver configuration.
 */
public record EngineContainer(
        String name,
        String image,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String hostname,
        List<HostEntry> extraHosts,
        boolean tty,
        String workingDir,
        long nanoCpus,
        long memoryBytes,
        String network,
        String ipv4Address,
        String macAddress,
        List<VolumeMount> mounts,
        Map<String, String> labels,
        long logBytes,
        long rootFsBytes,
        long pidsLimit,
        List<String> dnsServers) {

    /** With the engine's own resolver configuration. */
    public EngineContainer(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env, String hostname,
            List<HostEntry> extraHosts, boolean tty, String workingDir, long nanoCpus, long memoryBytes, String network,
            String ipv4Address, String macAddress, List<VolumeMount> mounts, Map<String, String> labels, long logBytes, long rootFsBytes,
            long pidsLimit) {
        this(name, image, entrypoint, cmd, env, hostname, extraHosts, tty, workingDir, nanoCpus, memoryBytes, network, ipv4Address,
                macAddress, mounts, labels, logBytes, rootFsBytes, pidsLimit, List.of());
    }

    /** Without a root filesystem limit. */
    public EngineContainer(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env, String hostname,
            List<HostEntry> extraHosts, boolean tty, String workingDir, long nanoCpus, long memoryBytes, String network,
            String ipv4Address, String macAddress, List<VolumeMount> mounts, Map<String, String> labels, long logBytes) {
        this(name, image, entrypoint, cmd, env, hostname, extraHosts, tty, workingDir, nanoCpus, memoryBytes, network, ipv4Address,
                macAddress, mounts, labels, logBytes, 0, 0);
    }

    /** Without a pids limit. */
    public EngineContainer(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env, String hostname,
            List<HostEntry> extraHosts, boolean tty, String workingDir, long nanoCpus, long memoryBytes, String network,
            String ipv4Address, String macAddress, List<VolumeMount> mounts, Map<String, String> labels, long logBytes, long rootFsBytes) {
        this(name, image, entrypoint, cmd, env, hostname, extraHosts, tty, workingDir, nanoCpus, memoryBytes, network, ipv4Address,
                macAddress, mounts, labels, logBytes, rootFsBytes, 0);
    }

    /** One /etc/hosts line. */
    public record HostEntry(String hostname, String ip) {
    }

    /** A named engine volume ({@code volume}) or a host folder ({@code hostPath}, a bind) at a path. */
    public record VolumeMount(String volume, String hostPath, String path, boolean readOnly) {

        /** A named volume. */
        public VolumeMount(String volume, String path, boolean readOnly) {
            this(volume, null, path, readOnly);
        }

        /** A folder of the engine's machine. */
        public static VolumeMount bind(String hostPath, String path, boolean readOnly) {
            return new VolumeMount(null, hostPath, path, readOnly);
        }

        public boolean isBind() {
            return hostPath != null;
        }
    }
}
