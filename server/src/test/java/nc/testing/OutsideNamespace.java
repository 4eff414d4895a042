package nc.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace standing for the Internet beyond the host: joined to the host by a veth
 * pair ({@code hostAddress} on the host's end, {@code address} inside, a /30), with routes back
 * to the host for the prefixes given (a routable elastic-IP pool). Its servers answer each
 * connection with what they see of it ({@code netstat -tn}), so a test learns the source address
 * its container's traffic arrived with. Everything goes with {@link #close()}.
 */
public final class OutsideNamespace implements AutoCloseable {
    private final String name;
    private final String hostEnd;
    private final String address;
    private final List<Process> servers = new ArrayList<>();

    private OutsideNamespace(String name, String hostEnd, String address) {
        this.name = name;
        this.hostEnd = hostEnd;
        this.address = address;
    }

    public static OutsideNamespace create(String hostAddress, String address, List<String> routedToHost) {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong(0x1000000L, 0xfffffffL));
        OutsideNamespace ns = new OutsideNamespace("nct-out-" + suffix, "ncto" + suffix, address);
        try {
            Shell.run("ip", "netns", "add", ns.name).orThrow();
            Shell.run("ip", "link", "add", ns.hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns.name).orThrow();
            Shell.run("ip", "addr", "add", hostAddress + "/30", "dev", ns.hostEnd).orThrow();
            Shell.run("ip", "link", "set", ns.hostEnd, "up").orThrow();
            ns.inside("ip", "link", "set", "lo", "up");
            ns.inside("ip", "addr", "add", address + "/30", "dev", "eth0");
            ns.inside("ip", "link", "set", "eth0", "up");
            for (String prefix : routedToHost) {
                ns.inside("ip", "route", "add", prefix, "via", hostAddress);
            }
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public String address() {
        return address;
    }

    /** A server on the port that answers every connection with the namespace's {@code netstat -tn}. */
    public void serve(int port) {
        try {
            servers.add(new ProcessBuilder("ip", "netns", "exec", name, "busybox", "nc", "-ll", "-p", Integer.toString(port),
                    "-e", "sh", "-c", "netstat -tn").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> inside("busybox", "netstat", "-ltn").contains(":" + port + " "));
    }

    /** What a server at ip:port answers a connection from inside the namespace; "" when nothing does within 2 seconds. */
    public String call(String ip, int port) {
        return Shell.run(List.of("ip", "netns", "exec", name, "busybox", "nc", "-w", "2", ip, Integer.toString(port)), Map.of(), "",
                Duration.ofSeconds(10)).stdout();
    }

    private String inside(String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(command));
        return Shell.run(all, Map.of(), null, Duration.ofSeconds(10)).orThrow();
    }

    @Override
    public void close() {
        servers.forEach(Process::destroyForcibly);
        Shell.run("sh", "-c", "ip netns pids " + name + " | xargs -r kill -9");
        Shell.run("ip", "netns", "del", name);
        Shell.run("ip", "link", "del", hostEnd);
    }
}
