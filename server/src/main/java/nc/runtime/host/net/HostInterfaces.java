package nc.runtime.host.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.runtime.RuntimeFailure;
import nc.runtime.host.HostCommand;

/**
 * Finding the host's side of a container's network: the bridge of a subnet and the host end of a
 * container's veth pair. Engine-neutral: it needs only the gateway address and the container's
 * main process id.
 */
public final class HostInterfaces {
    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final Pattern PEER = Pattern.compile("^\\d+:\\s+[^@:]+@if(\\d+):", Pattern.MULTILINE);

    private HostInterfaces() {
    }

    /**
     * The interface holding this address: for a Docker bridge network it is the bridge
     * ({@code br-<first 12 of the network id>}, or the name set by the network's
     * {@code com.docker.network.bridge.name} option), which holds the subnet's gateway address.
     */
    public static Optional<String> bridgeWithAddress(String gatewayIp) {
        try {
            InetAddress wanted = InetAddress.getByName(Ipv4.address(gatewayIp));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(nic.getInetAddresses()).contains(wanted)) {
                    return Optional.of(nic.getName());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot list the host's interfaces: " + e.getMessage(), e);
        }
    }

    /**
     * The interface whose IPv4 network holds this address, other than the loopback: for a
     * container's private address, the bridge of its subnet (subnets never overlap on one host).
     */
    public static Optional<String> bridgeContaining(String ip) {
        try {
            String wanted = Ipv4.address(ip);
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isLoopback()) {
                    continue;
                }
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    int prefix = a.getNetworkPrefixLength();
                    if (a.getAddress() instanceof Inet4Address v4 && prefix > 0 && prefix < 32
                            && Ipv4.prefix(v4.getHostAddress() + "/" + prefix).equals(Ipv4.prefix(wanted + "/" + prefix))) {
                        return Optional.of(nic.getName());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot list the host's interfaces: " + e.getMessage(), e);
        }
    }

    /** True when the host has a network interface of this name. */
    public static boolean exists(String name) {
        return Files.isDirectory(SYS_NET.resolve(Ipv4.interfaceName(name)));
    }

    /**
     * The host end of the veth pair whose other end is {@code ifname} (usually eth0) inside the
     * network namespace of process {@code pid}: the container's interface names its peer's index
     * in {@code iflink}, which is read through the container's own /sys, or with {@code nsenter
     * ip link} when that is not readable.
     */
    public static String hostVethOf(long pid, String ifname) {
        Ipv4.interfaceName(ifname);
        int peer = peerIndex(pid, ifname).orElseThrow(() -> new RuntimeFailure("no interface " + ifname + " in the network namespace of process " + pid));
        try (DirectoryStream<Path> nics = Files.newDirectoryStream(SYS_NET)) {
            for (Path nic : nics) {
                try {
                    if (Integer.parseInt(Files.readString(nic.resolve("ifindex")).strip()) == peer) {
                        return nic.getFileName().toString();
                    }
                } catch (IOException | NumberFormatException gone) {
                    // an interface that vanished while listing
                }
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot list " + SYS_NET + ": " + e.getMessage(), e);
        }
        throw new RuntimeFailure("the peer of " + ifname + " of process " + pid + " (index " + peer + ") is not on the host");
    }

    private static OptionalInt peerIndex(long pid, String ifname) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(Path.of("/proc", Long.toString(pid), "root/sys/class/net", ifname, "iflink")).strip()));
        } catch (IOException | NumberFormatException unreadable) {
            HostCommand.Result r = HostCommand.execute(HostCommand.DEFAULT_LIMIT, "nsenter", "-t", Long.toString(pid), "-n", "ip", "-o", "link", "show", ifname);
            if (!r.ok()) {
                return OptionalInt.empty();
            }
            Matcher m = PEER.matcher(r.stdout());
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        }
    }

    static Optional<String> alias(String iface) {
        return Sysctl.read(SYS_NET.resolve(iface).resolve("ifalias")).filter(a -> !a.isEmpty());
    }

    static List<String> all() {
        try (var stream = Files.list(SYS_NET)) {
            return stream.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot list " + SYS_NET + ": " + e.getMessage(), e);
        }
    }
}
