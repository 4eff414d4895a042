package nc.runtime.host.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import nc.runtime.RuntimeFailure;
import nc.runtime.host.HostCommand;

/**
 * Bandwidth limits of a container in both directions, with tc on the host end of its veth pair
 * ({@link HostInterfaces#hostVethOf}):
 * <ul>
 * <li>to the container: an HTB qdisc (handle {@code 4e43:}, "NC") at the root of the veth, whose
 *     egress is the container's ingress;</li>
 * <li>from the container: the veth's ingress is redirected (u32 match-all, mirred) to an IFB
 *     device of its own, {@code ncb<10 hex>}, whose root carries the same HTB limit. The IFB's
 *     alias, {@code nc:<scope>:<veth>:<mbps>}, records what it shapes.</li>
 * </ul>
 * The kernel removes a veth's qdiscs with the veth (container stopped); {@link #unshapeAllExcept}
 * removes the IFB devices left behind. A restarted container has a new veth and must be shaped
 * again.
 */
public final class BandwidthShaper {
    static final String HANDLE = "4e43";
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int MIN_BURST_BYTES = 16 * 1024;

    private final NetScope scope;
    private final Object lock = new Object();

    public BandwidthShaper(NetScope scope) {
        this.scope = Objects.requireNonNull(scope);
    }

    /** Limits traffic through the host veth to {@code mbps} megabits per second each way; replaces an earlier limit. */
    public void shape(String hostVeth, int mbps) {
        String veth = Ipv4.interfaceName(hostVeth);
        if (mbps < 1 || mbps > 100_000) {
            throw new IllegalArgumentException("mbps " + mbps);
        }
        if (!HostInterfaces.exists(veth)) {
            throw new RuntimeFailure("no interface " + veth + " on the host");
        }
        String ifb = ifbOf(veth);
        synchronized (lock) {
            if (!HostInterfaces.exists(ifb)) {
                HostCommand.execute(LIMIT, "ip", "link", "add", ifb, "type", "ifb").orThrow();
            }
            HostCommand.execute(LIMIT, "ip", "link", "set", "dev", ifb, "alias", alias(veth, mbps)).orThrow();
            HostCommand.execute(LIMIT, "ip", "link", "set", "dev", ifb, "up").orThrow();
            String rate = mbps + "mbit";
            String burst = Math.max(MIN_BURST_BYTES, mbps * 1_000_000 / 8 / 50) + "b";
            List<String> commands = new ArrayList<>();
            for (String dev : List.of(veth, ifb)) {
                // HTB cannot be "changed" in place: a root already ours keeps its qdisc, only its class changes
                if (!qdiscs(dev).contains("htb " + HANDLE + ": root")) {
                    commands.add("qdisc replace dev " + dev + " root handle " + HANDLE + ": htb default 1");
                }
                commands.add("class replace dev " + dev + " parent " + HANDLE + ": classid " + HANDLE + ":1 htb rate " + rate + " ceil " + rate
                        + " burst " + burst + " cburst " + burst);
            }
            commands.add("qdisc replace dev " + veth + " handle ffff: ingress");
            commands.add("filter del dev " + veth + " parent ffff:");
            commands.add("filter add dev " + veth + " parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev " + ifb);
            tcBatch(commands);
        }
    }

    /** Removes the limits of the veth (a no-op when it has none, or is gone) and its IFB device. */
    public void unshape(String hostVeth) {
        String veth = Ipv4.interfaceName(hostVeth);
        synchronized (lock) {
            if (HostInterfaces.exists(veth) && qdiscs(veth).contains(" " + HANDLE + ": ")) {
                HostCommand.execute(LIMIT, "tc", "qdisc", "del", "dev", veth, "root");
                HostCommand.execute(LIMIT, "tc", "qdisc", "del", "dev", veth, "ingress");
            }
            String ifb = ifbOf(veth);
            if (HostInterfaces.exists(ifb)) {
                HostCommand.execute(LIMIT, "ip", "link", "del", "dev", ifb).orThrow();
            }
        }
    }

    /** Sweep: removes the limits of every veth of this scope not named, and IFB devices of vanished veths. */
    public void unshapeAllExcept(Set<String> hostVeths) {
        for (String veth : shaped().keySet()) {
            if (!hostVeths.contains(veth)) {
                unshape(veth);
            }
        }
    }

    /** Removes the IFB devices of veths that are gone (their containers stopped or were removed). */
    public void unshapeVanished() {
        for (String veth : shaped().keySet()) {
            if (!HostInterfaces.exists(veth)) {
                unshape(veth);
            }
        }
    }

    /** Shaped veth → megabits per second, from the IFB devices of this scope. */
    public Map<String, Integer> shaped() {
        Map<String, Integer> out = new LinkedHashMap<>();
        String prefix = scope.comment("");
        for (String nic : HostInterfaces.all()) {
            if (!nic.startsWith("ncb")) {
                continue;
            }
            HostInterfaces.alias(nic).filter(a -> a.startsWith(prefix + ":")).ifPresent(a -> {
                String[] parts = a.split(":");
                if (parts.length == 4) {
                    out.put(parts[2], Integer.parseInt(parts[3]));
                }
            });
        }
        return out;
    }

    /** The IFB devices of this scope and the qdiscs on them and on their veths, one line each. */
    public List<String> listRules() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : shaped().entrySet()) {
            String ifb = ifbOf(e.getKey());
            out.add("link: " + ifb + " alias " + alias(e.getKey(), e.getValue()));
            for (String dev : List.of(e.getKey(), ifb)) {
                if (HostInterfaces.exists(dev)) {
                    qdiscs(dev).lines().filter(l -> !l.contains("noqueue") && !l.isBlank()).forEach(l -> out.add("tc " + dev + ": " + l.strip()));
                }
            }
        }
        return out;
    }

    /** The IFB device of a veth: 13 characters, within the kernel's 15. */
    String ifbOf(String veth) {
        return "ncb" + NetScope.hash(scope.token() + ":" + veth, 10);
    }

    private String alias(String veth, int mbps) {
        return scope.comment(veth + ":" + mbps);
    }

    private static String qdiscs(String dev) {
        return HostCommand.execute(LIMIT, "tc", "qdisc", "show", "dev", dev).stdout();
    }

    private static void tcBatch(List<String> commands) {
        Path file = null;
        try {
            file = Files.createTempFile("nc-tc-", ".batch");
            Files.writeString(file, String.join("\n", commands) + "\n");
            HostCommand.execute(LIMIT, "tc", "-batch", file.toString()).orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // harmless
                }
            }
        }
    }
}
