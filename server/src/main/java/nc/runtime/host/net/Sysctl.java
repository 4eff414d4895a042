package nc.runtime.host.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import nc.runtime.RuntimeFailure;
import nc.runtime.host.HostCommand;

/** Kernel settings under /proc/sys that the network mechanisms depend on. */
final class Sysctl {
    static final Path BRIDGE_NF_CALL_IPTABLES = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");

    private Sysctl() {
    }

    static Optional<String> read(Path setting) {
        try {
            return Optional.of(Files.readString(setting).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void write(Path setting, String value) {
        if (read(setting).map(value::equals).orElse(false)) {
            return;
        }
        try {
            Files.writeString(setting, value);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot set " + setting + " to " + value + ": " + e.getMessage(), e);
        }
    }

    /** {@code net.ipv4.conf.<interface>.route_localnet}: lets 127/8 addresses be routed through that interface. */
    static void routeLocalnet(String iface) {
        write(Path.of("/proc/sys/net/ipv4/conf", Ipv4.interfaceName(iface), "route_localnet"), "1");
    }

    /**
     * Bridged packets (containers of one subnet talking to each other) pass iptables only with
     * br_netfilter and {@code bridge-nf-call-iptables=1}; the Docker Engine normally sets it.
     */
    static void ensureBridgeNetfilter() {
        if (read(BRIDGE_NF_CALL_IPTABLES).isEmpty() && HostCommand.installed("modprobe")) {
            HostCommand.execute(HostCommand.DEFAULT_LIMIT, "modprobe", "br_netfilter");
        }
        if (read(BRIDGE_NF_CALL_IPTABLES).isEmpty()) {
            throw new RuntimeFailure("br_netfilter is not available: security groups cannot filter traffic within a subnet");
        }
        write(BRIDGE_NF_CALL_IPTABLES, "1");
    }
}
