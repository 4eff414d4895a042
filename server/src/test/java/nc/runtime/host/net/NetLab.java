package nc.runtime.host.net;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import nc.testing.Engine;
import nc.testing.Shell;
import org.junit.jupiter.api.Assumptions;

/**
 * A small laboratory on the real host for the network mechanisms: Docker bridge networks in
 * 10.251.x.0/24 (never 10.240.0.0/16, which other tests use), busybox containers on them with
 * fixed addresses, probes between them, and a {@link HostNetwork} of a scope of its own. All
 * traffic stays between the host and what the lab created. {@link #close()} removes all of it.
 */
final class NetLab implements AutoCloseable {
    static final String LABEL = "nc.test.run";
    /** The JVM that made a lab's networks, and the lab's scope: a later lab sweeps what a killed JVM left. */
    private static final String PID_LABEL = "nc.test.netlab.pid";
    private static final String SCOPE_LABEL = "nc.test.netlab.scope";
    private static boolean swept;
    private static final Duration WAIT = Duration.ofSeconds(30);

    final String run;
    final Engine engine;
    final NetScope scope;
    HostNetwork host;
    private final List<Net> nets = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private NetLab(Engine engine, String run, List<String> resolvers) {
        this.engine = engine;
        this.run = run;
        this.scope = new NetScope("t" + run.substring(run.length() - 5));
        this.host = new HostNetwork(scope, new Firewall(scope, resolvers));
    }

    /** A lab whose firewall lets containers reach these addresses on port 53 (the S2 exception). */
    static NetLab open(List<String> resolvers) {
        Engine engine = Engine.get();
        List<String> problems = HostNetwork.problems();
        if (!problems.isEmpty()) {
            if ("1".equals(System.getenv("NC_REQUIRE_DOCKER"))) {
                throw new IllegalStateException("host network tests cannot run: " + problems);
            }
            Assumptions.abort("host network tests need " + problems + " (run scripts/test-docker.sh as root)");
        }
        sweepOrphans();
        String run = "hn" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
        return new NetLab(engine, run, resolvers);
    }

    /**
     * Labs of JVMs that are gone (killed, or their dockerd was restarted under them by another
     * test) left networks, containers and host rules behind: remove them, once per JVM.
     */
    private static synchronized void sweepOrphans() {
        if (swept) {
            return;
        }
        swept = true;
        String format = "{{.Name}} {{.Label \"" + PID_LABEL + "\"}} {{.Label \"" + SCOPE_LABEL + "\"}} {{.Label \"" + LABEL + "\"}}";
        for (String line : Engine.docker("network", "ls", "--filter", "label=" + PID_LABEL, "--format", format).lines().toList()) {
            String[] f = line.strip().split(" ");
            if (f.length < 4 || ProcessHandle.of(Long.parseLong(f[1])).isPresent()) {
                continue;
            }
            Engine.removeLabelled(LABEL, f[3]);
            Shell.run("ip", "netns", "del", "nc" + f[3]);
            NetScope scope = new NetScope(f[2]);
            new HostNetwork(scope, new Firewall(scope, List.of())).removeAll();
        }
    }

    static NetLab open() {
        return open(List.of());
    }

    /** From now on the firewall's DNS exception (S2) is these addresses. */
    void useResolvers(List<String> resolvers) {
        host = new HostNetwork(scope, new Firewall(scope, resolvers));
    }

    // ---- networks and containers ----------------------------------------------------------------

    /** A bridge network with its host interface. */
    record Net(String name, int third, String bridge) {
        String cidr() {
            return "10.251." + third + ".0/24";
        }

        String gateway() {
            return address(1);
        }

        String address(int host) {
            return "10.251." + third + "." + host;
        }
    }

    /** A container with a fixed address on one network. */
    record Box(String name, String ip, Net net) {
    }

    /** A new bridge network in a free 10.251.x.0/24. */
    Net network(String suffix) {
        String name = "nc-" + run + "-" + suffix;
        for (int attempt = 0; attempt < 20; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(1, 250);
            Shell.Result r = Shell.run("docker", "network", "create", "--driver", "bridge", "--subnet", "10.251." + third + ".0/24",
                    "--gateway", "10.251." + third + ".1", "--label", LABEL + "=" + run, "--label", PID_LABEL + "=" + ProcessHandle.current().pid(),
                    "--label", SCOPE_LABEL + "=" + scope.token(), name);
            if (r.ok()) {
                String bridge = HostInterfaces.bridgeWithAddress("10.251." + third + ".1")
                        .orElseThrow(() -> new IllegalStateException("no bridge holds 10.251." + third + ".1"));
                Net net = new Net(name, third, bridge);
                nets.add(net);
                return net;
            }
            if (!r.stderr().contains("overlap")) {
                r.orThrow();
            }
        }
        throw new IllegalStateException("no free 10.251.x.0/24");
    }

    /**
     * A container on the network at {@code .host}, running {@code script} then sleeping. Each port
     * in {@code ports} has a TCP server answering the container's name.
     */
    Box box(String suffix, Net net, int hostPart, List<Integer> ports, String script) {
        String name = "nc-" + run + "-" + suffix;
        String ip = net.address(hostPart);
        StringBuilder sh = new StringBuilder();
        for (int port : ports) {
            sh.append("nc -ll -p ").append(port).append(" -e echo ").append(suffix).append(" & ");
        }
        if (!script.isBlank()) {
            sh.append(script).append("; ");
        }
        sh.append("exec sleep 3600");
        Engine.docker("run", "-d", "--name", name, "--network", net.name(), "--ip", ip, "--label", LABEL + "=" + run,
                "--stop-timeout", "1", engine.image(), "sh", "-c", sh.toString());
        Box box = new Box(suffix, ip, net);
        for (int port : ports) {
            await("server on " + name + ":" + port).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> exec(box, "nc -w 1 127.0.0.1 " + port + " </dev/null").contains(suffix));
        }
        return box;
    }

    Box box(String suffix, Net net, int hostPart, List<Integer> ports) {
        return box(suffix, net, hostPart, ports, "");
    }

    /**
     * Runs a shell script in the container; its stdout whatever the script's exit code. Fails
     * when docker itself could not run it (the container or the engine is down: another test
     * on this machine may have restarted dockerd, which stops every container).
     */
    String exec(Box box, String script) {
        Shell.Result r = Shell.run(List.of("docker", "exec", containerName(box), "sh", "-c", script), Map.of(), null, Duration.ofMinutes(1));
        if (r.stderr().contains("Error response from daemon") || r.stderr().contains("Cannot connect to the Docker daemon")) {
            throw new IllegalStateException("docker exec in " + containerName(box) + " failed: " + r.stderr().strip());
        }
        return r.stdout();
    }

    /** Starts a shell script in the container and returns at once. */
    void execDetached(Box box, String script) {
        Engine.docker("exec", "-d", containerName(box), "sh", "-c", script);
    }

    String containerName(Box box) {
        return "nc-" + run + "-" + box.name();
    }

    long pid(Box box) {
        return Long.parseLong(Engine.docker("inspect", "-f", "{{.State.Pid}}", containerName(box)).strip());
    }

    // ---- probes ------------------------------------------------------------------------------------

    /** Which targets answer on the TCP port when {@code from} connects, probed in parallel (2 s timeout each). */
    Set<String> tcpReachable(Box from, int port, Box... targets) {
        StringBuilder sh = new StringBuilder();
        for (Box t : targets) {
            sh.append("(r=$(nc -w 2 ").append(t.ip()).append(' ').append(port).append(" </dev/null 2>/dev/null); echo \"")
                    .append(t.name()).append("=$r\") & ");
        }
        sh.append("wait");
        return answered(exec(from, sh.toString()), targets, true);
    }

    /** Which targets answer one ping from {@code from} (1 s timeout each). */
    Set<String> pingable(Box from, Box... targets) {
        StringBuilder sh = new StringBuilder();
        for (Box t : targets) {
            sh.append("(ping -c 1 -W 1 ").append(t.ip()).append(" >/dev/null 2>&1 && echo \"").append(t.name()).append("=ok\") & ");
        }
        sh.append("wait");
        return answered(exec(from, sh.toString()), targets, false);
    }

    private static Set<String> answered(String out, Box[] targets, boolean nameExpected) {
        Map<String, String> lines = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> lines.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1).strip()));
        return java.util.Arrays.stream(targets).map(Box::name)
                .filter(n -> nameExpected ? n.equals(lines.get(n)) : "ok".equals(lines.get(n)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** What the host reads from a TCP connection to address:port, or null when it cannot connect within the timeout. */
    static String hostConnect(String address, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            s.setSoTimeout(2000);
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Seconds since boot: one clock for the host and its containers (/proc/uptime, 10 ms steps). */
    static double uptime() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- namespaces standing for "the Internet" ----------------------------------------------------

    /**
     * A network namespace joined to the host by a veth pair: host side {@code hostAddress/30}, the
     * namespace's side the next address, with a route back to {@code routedPrefix} via the host.
     * Returns the namespace's name.
     */
    String outsideNamespace(String hostAddress, String nsAddress, String routedPrefix) {
        String ns = "nc" + run;
        String hostEnd = "nch" + run.substring(run.length() - 6);
        String nsEnd = "ncn" + run.substring(run.length() - 6);
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
        sh("ip", "link", "set", nsEnd, "netns", ns);
        sh("ip", "addr", "add", hostAddress + "/30", "dev", hostEnd);
        sh("ip", "link", "set", hostEnd, "up");
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", nsAddress + "/30", "dev", nsEnd);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", ns, "ip", "route", "add", routedPrefix, "via", hostAddress);
        return ns;
    }

    static String sh(String... command) {
        return Shell.run(command).orThrow();
    }

    @Override
    public void close() {
        try {
            Engine.removeLabelled(LABEL, run);
        } finally {
            for (String ns : namespaces) {
                // deleting the namespace deletes its veth end, and with it the host's end
                Shell.run("ip", "netns", "del", ns);
            }
            host.removeAll();
        }
    }
}
