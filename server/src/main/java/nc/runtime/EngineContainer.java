package nc.runtime;

import java.util.List;
import java.util.Map;

/**
 * What to create in the engine. Null entrypoint or cmd means the image's own. The engine keeps at
 * most {@code logBytes} of log, rotated. The restart policy brings the main process back when it
 * exits, except after a stop.
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
        long logBytes) {

    /** One /etc/hosts line. */
    public record HostEntry(String hostname, String ip) {
    }

    /** A named volume at a path. */
    public record VolumeMount(String volume, String path, boolean readOnly) {
    }
}
