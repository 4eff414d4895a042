package nc.tenantnet.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nc.runtime.RuntimeFailure;
import nc.runtime.host.HostCommand;
import nc.tenantnet.Ipv4;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.VpcNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant networks from the kernel's own parts: one network namespace per VPC as its router (own
 * routing table and connection tracking, so overlapping ranges of different VPCs never meet), a
 * bridge per subnet inside it, each container's {@code eth0} a veth from its namespace into its
 * subnet's bridge (an isolated port), security groups and elastic IPs as the VPC's nftables
 * ({@link Ruleset}), a transit veth pair between the VPC's namespace and the host that carries
 * elastic IP traffic (and shared outbound NAT), and bandwidth with HTB on both ends of it.
 *
 * <p>Level-triggered: {@link #apply} observes the namespace in one command, compares with the
 * wanted state and changes only what differs, so a lost rule set, a deleted bridge or a container
 * restarted into a new namespace are all repaired by the next call. Names come from
 * {@link Names}, so nothing of another installation is ever touched.
 */
public final class KernelTenantNetwork implements TenantNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(KernelTenantNetwork.class);
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** The host's end of every transit link: the VPC routers' default gateway. */
    static final String HOST_TRANSIT_ADDRESS = "169.254.0.1";
    /** Where the VPC routers' ends of their transit links are numbered from (169.254.169.0/24 is avoided: metadata). */
    private static final long TRANSIT_BASE = Ipv4.parse("169.254.128.0");
    private static final int TRANSIT_SIZE = 1 << 15;
    private static final int RULE_PREF = 100;
    private static final String MARK_RULE = "fwmark 0/0x1";

    private final Names names;
    /** Null on a host of its own; else how VPCs span hosts. */
    private final Fabric fabric;
    /** Prefix that runs a command in the host's namespace (empty: the machine's own). */
    private final List<String> inHost;
    /** The rule set last loaded into each VPC namespace, and how the namespace listed it right after. */
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    /** The bandwidth set last written for each VPC, by public address; written only once the host's routes are as wanted. */
    private final Map<String, Map<String, Integer>> shaped = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> vpcLocks = new ConcurrentHashMap<>();
    /** How long a fast plug waits for its VPC before leaving it to the reconcile (which plugs a batch in one go). */
    private static final long PLUG_WAIT_MS = 50;

    /** Per VPC, its subnets, addresses and outbound NAT as the last whole {@link #apply} left them (the fast {@link #plug} trusts these). */
    private final Map<String, VpcNetwork> settled = new ConcurrentHashMap<>();

    /**
     * @param ports the port name of each interface the rule set was rendered with (its anti-spoofing set), by NIC id
     */
    private record Loaded(String rendered, int listedHash, Map<String, String> ports) {
    }

    /** The host's port (UDP and TCP) of the VPC resolver (0: none). */
    private volatile int resolverPort;
    /** Each VPC's router address on its transit link, as the last apply saw it (the resolver's clients come from there). */
    private final Map<String, String> transits = new ConcurrentHashMap<>();

    public KernelTenantNetwork(Names names) {
        this(names, null);
    }

    public KernelTenantNetwork(Names names, Fabric fabric) {
        this.names = names;
        this.fabric = fabric;
        this.inHost = fabric == null || fabric.hostNamespace() == null ? List.of()
                : List.of("ip", "netns", "exec", fabric.hostNamespace());
    }

    public static KernelTenantNetwork forOwner(String ownerId) {
        return new KernelTenantNetwork(Names.forOwner(ownerId));
    }

    public Names names() {
        return names;
    }

    @Override
    public Set<String> apply(VpcNetwork vpc, ToLongFunction<String> runningPid) {
        ReentrantLock lock = lockOf(vpc.vpcId());
        lock.lock();
        try {
            String ns = names.namespace(vpc.vpcId());
            String host = names.hostLink(vpc.vpcId());
            settled.remove(vpc.vpcId());
            if (!Files.exists(Path.of("/run/netns", ns)) || !hostLinkExists(host)) {
                createRouter(vpc, ns, host);
            }
            if (fabric != null) {
                ensureSegment(vpc, ns);
            }
            // a VPC without elastic IPs whose host side was left clean needs no host listing: nc adds routes and classes only for
            // addresses, and ensurePublicAddresses records an empty bandwidth set only once the host side had no route left
            boolean withoutHost = vpc.publicAddresses().isEmpty() && Map.of().equals(shaped.get(vpc.vpcId()));
            Observed seen = observe(ns, host, withoutHost);
            ensureSegments(vpc, ns, seen);
            Map<String, String> plugged = plugAndFilter(vpc, ns, seen, runningPid);
            ensureRoutingRules(vpc, ns, seen);
            String transit = seen.addresses().getOrDefault(Names.TRANSIT, Set.of()).stream().findFirst()
                    .map(a -> a.replace("/32", "")).orElseThrow(() -> new RuntimeFailure("the transit link of " + ns + " has no address"));
            transits.put(vpc.vpcId(), transit);
            if (!withoutHost) {
                ensurePublicAddresses(vpc, ns, host, transit, seen);
            }
            if (fabric != null) {
                ensureRemoteRoutes(vpc, ns);
            }
            settled.put(vpc.vpcId(), vpc);
            return vpc.ports().stream().filter(p -> plugged.containsKey(p.nicId())).map(VpcNetwork.Port::containerId)
                    .collect(Collectors.toSet());
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(String vpcId) {
        return vpcLocks.computeIfAbsent(vpcId, k -> new ReentrantLock());
    }

    // ---- the router ------------------------------------------------------------------------------

    /** The namespace with forwarding on, redirects off, and its transit link to the host. */
    private void createRouter(VpcNetwork vpc, String ns, String host) {
        LOG.info("making the router of {} (namespace {})", vpc.vpcId(), ns);
        // a half-made router of an earlier attempt goes first: the steps below are not each idempotent
        host("ip", "link", "del", host);
        HostCommand.execute(LIMIT, "ip", "netns", "del", ns);
        String transit = freeTransitAddress(vpc.vpcId());
        String h = hostShellPrefix();
        String script = String.join("\n",
                "set -e",
                "ip netns add " + ns,
                "ip -n " + ns + " link set lo up",
                "ip netns exec " + ns + " sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0"
                        + " net.ipv4.conf.default.send_redirects=0 net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1"
                        + " net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0",
                "ip netns exec " + ns + " sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true",
                // fail-closed from the first moment: nothing is forwarded before the rule set marks it
                loadRuleset(ns, Ruleset.render(emptyLike(vpc), Map.of(), resolverPort)),
                "ip -n " + ns + " rule add pref " + RULE_PREF + " iif " + Names.TRANSIT + " " + MARK_RULE + " blackhole",
                h + "ip link add " + host + " type veth peer name " + Names.TRANSIT + " netns " + ns,
                h + "ip addr add " + HOST_TRANSIT_ADDRESS + "/32 dev " + host,
                h + "sysctl -qw net.ipv4.conf." + host + ".route_localnet=1 net.ipv4.conf." + host + ".rp_filter=0",
                h + "ip link set " + host + " up",
                "ip -n " + ns + " addr add " + transit + "/32 dev " + Names.TRANSIT,
                "ip -n " + ns + " link set " + Names.TRANSIT + " up",
                "ip -n " + ns + " route add " + HOST_TRANSIT_ADDRESS + "/32 dev " + Names.TRANSIT + " scope link",
                "ip -n " + ns + " route add default via " + HOST_TRANSIT_ADDRESS + " dev " + Names.TRANSIT + " onlink",
                h + "ip route add " + transit + "/32 dev " + host);
        run(script, "sh", "-s");
        loaded.remove(vpc.vpcId());
        shaped.remove(vpc.vpcId());
    }

    private static VpcNetwork emptyLike(VpcNetwork vpc) {
        return new VpcNetwork(vpc.vpcId(), List.of(), List.of(), List.of(), false);
    }

    /** A VPC-side transit address no route of the host uses yet, stable for the VPC where possible. */
    private String freeTransitAddress(String vpcId) {
        String routes = host("ip", "-o", "-4", "route", "show", "table", "all").stdout();
        Set<String> used = new HashSet<>();
        for (String line : routes.split("\n")) {
            String[] words = line.strip().split("\\s+");
            int i = words[0].equals("local") || words[0].equals("broadcast") || words[0].equals("unicast") ? 1 : 0;
            if (words.length > i) {
                used.add(words[i].replace("/32", ""));
            }
        }
        int start = Integer.parseInt(Names.hash(names.scope() + vpcId, 4), 16) % TRANSIT_SIZE;
        for (int i = 0; i < TRANSIT_SIZE; i++) {
            String candidate = Ipv4.format(TRANSIT_BASE + (start + i) % TRANSIT_SIZE);
            int third = Integer.parseInt(candidate.split("\\.")[2]);
            if (!used.contains(candidate) && third != 169 && !candidate.endsWith(".0") && !candidate.endsWith(".255")) {
                return candidate;
            }
        }
        throw new RuntimeFailure("no free transit address left in 169.254.128.0/17");
    }

    // ---- subnets -----------------------------------------------------------------------------------

    private void ensureSegments(VpcNetwork vpc, String ns, Observed seen) {
        List<String> batch = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (VpcNetwork.Segment s : vpc.segments()) {
            String br = names.bridge(s.subnetId());
            wanted.add(br);
            Observed.Link link = seen.links().get(br);
            String address = s.gateway() + "/" + s.prefixLength();
            if (link == null) {
                batch.add("link add " + br + " address " + Names.bridgeMac(s.subnetId()) + " type bridge");
            }
            if (!seen.addresses().getOrDefault(br, Set.of()).contains(address)) {
                batch.add("addr replace " + address + " dev " + br);
            }
            if (link == null || !link.up()) {
                batch.add("link set " + br + " up");
            }
        }
        for (String link : seen.links().keySet()) {
            if (link.startsWith("b") && !wanted.contains(link)) {
                batch.add("link del " + link);
            }
        }
        if (!batch.isEmpty()) {
            run(String.join("\n", batch) + "\n", "ip", "-n", ns, "-batch", "-");
        }
    }

    private void ensureRoutingRules(VpcNetwork vpc, String ns, Observed seen) {
        Set<String> wanted = new HashSet<>();
        wanted.add(Names.TRANSIT);
        if (fabric != null) {
            wanted.add(Fabric.ROUTER_LINK);
        }
        vpc.segments().forEach(s -> wanted.add(names.bridge(s.subnetId())));
        List<String> batch = new ArrayList<>();
        for (String dev : wanted) {
            if (!seen.blackholed().contains(dev)) {
                batch.add("rule add pref " + RULE_PREF + " iif " + dev + " " + MARK_RULE + " blackhole");
            }
        }
        for (String dev : seen.blackholed()) {
            if (!wanted.contains(dev)) {
                batch.add("rule del pref " + RULE_PREF + " iif " + dev + " " + MARK_RULE + " blackhole");
            }
        }
        if (!batch.isEmpty()) {
            run(String.join("\n", batch) + "\n", "ip", "-n", ns, "-batch", "-");
        }
    }

    // ---- container interfaces --------------------------------------------------------------------

    /**
     * Plugs every running container not plugged into its current namespace, unplugs what is not
     * wanted, and loads the VPC's rule set when it is not the one wanted (changed, or drifted: the
     * listing differs from the one taken right after the last load), all in one command: a new
     * container costs one round trip here.
     *
     * @return the port (veth) name of each plugged interface, by NIC id
     */
    private Map<String, String> plugAndFilter(VpcNetwork vpc, String ns, Observed seen, ToLongFunction<String> runningPid) {
        Map<String, String> byPrefix = new HashMap<>();
        vpc.ports().forEach(p -> byPrefix.put(names.portPrefix(p.nicId()), p.nicId()));
        Map<String, String> plugged = new LinkedHashMap<>();
        List<String> script = new ArrayList<>();
        for (Observed.Link link : seen.links().values()) {
            if (!link.name().startsWith("v") || link.name().length() < 8) {
                continue;
            }
            String nic = byPrefix.get(link.name().substring(0, 7));
            VpcNetwork.Port port = nic == null ? null : vpc.ports().stream().filter(p -> p.nicId().equals(nic)).findFirst().orElse(null);
            boolean good = port != null && link.up() && names.bridge(port.subnetId()).equals(link.master()) && !plugged.containsKey(nic);
            if (good) {
                plugged.put(nic, link.name());
            } else {
                // a port whose container went meanwhile is gone already: that is what was wanted
                script.add("ip -n " + ns + " link del " + link.name() + " 2>/dev/null || true");
            }
        }
        Map<String, String> plugging = new LinkedHashMap<>();
        for (VpcNetwork.Port p : vpc.ports()) {
            if (plugged.containsKey(p.nicId()) || !local(p)) {
                continue;
            }
            long pid = runningPid.applyAsLong(p.containerId());
            if (pid > 0) {
                String port = names.port(p.nicId(), pid);
                List<String> steps = new ArrayList<>(List.of("{ ip -n " + ns + " link del " + port + " 2>/dev/null || true; }"));
                steps.addAll(plugCommands(vpc, ns, p, pid, port));
                script.add("( " + String.join(" && ", steps) + " ) || echo \"" + UNPLUGGED + p.nicId() + "\"");
                plugging.put(p.nicId(), port);
            }
        }
        Map<String, String> wanted = new LinkedHashMap<>(plugged);
        wanted.putAll(plugging);
        String rendered = Ruleset.render(vpc, wanted, resolverPort);
        Loaded last = loaded.get(vpc.vpcId());
        boolean load = last == null || !last.rendered().equals(rendered) || last.listedHash() != seen.rulesetHash();
        if (script.isEmpty() && !load) {
            return plugged;
        }
        if (load) {
            script.add(loadRuleset(ns, rendered));
        }
        script.addAll(listRuleset(ns));
        String out = HostCommand.executeWithInput(LIMIT, String.join("\n", script) + "\n", "sh", "-s").orThrow();
        int at = out.indexOf(LISTING + "\n");
        String head = at < 0 ? out : out.substring(0, at);
        for (String line : head.split("\n")) {
            if (line.startsWith(UNPLUGGED)) {
                String nic = line.substring(UNPLUGGED.length()).strip();
                // the container stopped or restarted meanwhile: the next reconcile plugs its new namespace
                LOG.warn("could not plug {} into {} (retried on the next reconcile)", nic, vpc.vpcId());
                plugging.remove(nic);
            }
        }
        plugged.putAll(plugging);
        if (load) {
            loaded.put(vpc.vpcId(), new Loaded(rendered, listedHash(out), Map.copyOf(wanted)));
        }
        return plugged;
    }


    /**
     * One just-started container plugged without listing the VPC first: trusted only when the last
     * {@link #apply} finished with the subnets and addresses the VPC still has. The wanted state is
     * read once the VPC is held here, so it is at least as new as anything applied before. The
     * port is made, configured inside the container and brought up, and only then admitted by the
     * anti-spoofing set (or, when the VPC's rules changed since the last load, the whole rule set
     * loaded), in one command; the rule set is listed right after, as {@link #apply} does, so
     * drift is still seen.
     */
    @Override
    public boolean plug(String vpcId, Supplier<VpcNetwork> wantedNow, String nicId, long pid) {
        if (fabric != null || pid <= 0) {
            return false;
        }
        long q0 = System.nanoTime();
        ReentrantLock lock = lockOf(vpcId);
        try {
            if (!lock.tryLock(PLUG_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // its VPC is busy (another plug, a reconcile): the reconcile plugs what waits in one go
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            long q1 = System.nanoTime();
            VpcNetwork done = settled.get(vpcId);
            Loaded last = loaded.get(vpcId);
            if (done == null || last == null) {
                LOG.debug("no fast plug of {}: the VPC was not applied whole yet", nicId);
                return false;
            }
            VpcNetwork vpc = wantedNow.get();
            VpcNetwork.Port p = vpc == null ? null : vpc.ports().stream().filter(x -> x.nicId().equals(nicId)).findFirst().orElse(null);
            if (p == null || !Set.copyOf(done.segments()).equals(Set.copyOf(vpc.segments()))
                    || !Set.copyOf(done.publicAddresses()).equals(Set.copyOf(vpc.publicAddresses()))
                    || done.sharedOutboundNat() != vpc.sharedOutboundNat()) {
                LOG.debug("no fast plug of {}: its VPC's subnets or addresses changed since the last apply", nicId);
                return false;
            }
            String port = names.port(nicId, pid);
            if (port.equals(last.ports().get(nicId))) {
                return true;
            }
            Map<String, String> before = new LinkedHashMap<>();
            vpc.ports().forEach(x -> {
                String name = last.ports().get(x.nicId());
                if (name != null) {
                    before.put(x.nicId(), name);
                }
            });
            boolean onlyThisPort = Ruleset.render(vpc, before, resolverPort).equals(last.rendered());
            String ns = names.namespace(vpcId);
            String old = before.remove(nicId);
            Map<String, String> after = new LinkedHashMap<>(before);
            after.put(nicId, port);
            String rendered = Ruleset.render(vpc, after, resolverPort);
            List<String> script = new ArrayList<>();
            script.add("set -e");
            if (old != null) {
                script.add("ip -n " + ns + " link del " + old + " 2>/dev/null || true");
            }
            script.addAll(plugCommands(vpc, ns, p, pid, port));
            boolean admitOnly = onlyThisPort && old == null;
            if (admitOnly) {
                script.add(nft(ns) + " add element bridge nc ports '{ \"" + port + "\" . " + p.ip() + " }'");
            } else {
                script.add(loadRuleset(ns, rendered));
            }
            script.addAll(listRuleset(ns));
            long q2 = System.nanoTime();
            HostCommand.Result result = HostCommand.executeWithInput(LIMIT, String.join("\n", script) + "\n", "sh", "-s");
            LOG.debug("fast plug of {}: {} ms waiting for its VPC, {} ms reading it, {} ms plugging ({})", nicId, (q1 - q0) / 1_000_000,
                    (q2 - q1) / 1_000_000, (System.nanoTime() - q2) / 1_000_000, admitOnly ? "its address admitted" : "rule set loaded");
            if (!result.ok()) {
                // what it made is unplugged again by that apply; the anti-spoofing set never admitted it
                LOG.debug("fast plug of {} into {} failed (a whole apply follows): {}", nicId, vpcId, result.stderr());
                return false;
            }
            loaded.put(vpcId, new Loaded(rendered, listedHash(result.stdout()), Map.copyOf(after)));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static String nft(String ns) {
        return "nsenter --net=/run/netns/" + ns + " nft";
    }

    /** The script line that replaces the namespace's rule set with {@code rendered} in one transaction. */
    private static String loadRuleset(String ns, String rendered) {
        return nft(ns) + " -f - <<'NFT' || { echo 'the rule set did not load' >&2; exit 3; }\n" + rendered + "NFT";
    }

    /** The script's last lines: the namespace's rule set listed after a marker, for {@link #listedHash}. */
    private static List<String> listRuleset(String ns) {
        return List.of("echo " + LISTING, nft(ns) + " list ruleset");
    }

    /** The hash of the listing that {@link #listRuleset} printed (what drift is compared against); 0 when there is none. */
    private static int listedHash(String out) {
        int at = out.indexOf(LISTING + "\n");
        return at < 0 ? 0 : out.substring(at + LISTING.length() + 1).hashCode();
    }

    private static final String UNPLUGGED = "nc-unplugged ";
    private static final String LISTING = "@@nc-ruleset@@";

    /**
     * One veth from the VPC's namespace into the container's (with the interface's MAC), isolated
     * on the subnet's bridge, then configured inside the container: address, a route to its subnet
     * and a default route both through the router (the container never needs another container's
     * MAC). Two commands; the port passes nothing until the anti-spoofing set admits it, and the
     * container's end has no address until the second.
     */
    private List<String> plugCommands(VpcNetwork vpc, String ns, VpcNetwork.Port p, long pid, String port) {
        VpcNetwork.Segment s = vpc.segment(p.subnetId());
        String br = names.bridge(s.subnetId());
        String router = String.join("\\n",
                "link add " + port + " type veth peer name eth0 address " + p.mac() + " netns " + pid,
                "link set " + port + " master " + br,
                "link set " + port + " type bridge_slave isolated on learning off",
                "link set " + port + " up");
        String inside = String.join("\\n",
                "addr add " + p.ip() + "/" + s.prefixLength() + " dev eth0",
                "link set eth0 up",
                "route replace " + s.cidr() + " via " + s.gateway() + " dev eth0 onlink src " + p.ip(),
                "route replace default via " + s.gateway() + " dev eth0 onlink");
        return List.of(
                "printf '" + router + "\\n' | ip -n " + ns + " -batch -",
                "printf '" + inside + "\\n' | nsenter -t " + pid + " -n ip -batch -");
    }

    // ---- elastic IPs -------------------------------------------------------------------------------

    /**
     * Each public address routed from the host into the VPC's transit link (loopback ones in the
     * host's local table, which only the host can send to), and its bandwidth held with HTB on
     * both ends of the link: towards the container on the host's end (by destination), from it on
     * the router's end (by source, after its SNAT).
     */
    private void ensurePublicAddresses(VpcNetwork vpc, String ns, String host, String transit, Observed seen) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        vpc.publicAddresses().forEach(a -> wanted.put(a.address(), a.mbps()));
        Map<String, String> routes = hostRoutes(seen.hostRoutes());
        List<String> batch = new ArrayList<>();
        for (String address : wanted.keySet()) {
            String table = Ipv4.isLoopback(address) ? "local" : "main";
            // through the router's transit address: the host resolves that, never the public address, on the link
            if (!(table + " " + transit).equals(routes.get(address))) {
                batch.add("route replace " + address + "/32 via " + transit + " dev " + host + " onlink table " + table);
            }
        }
        routes.forEach((address, tableAndVia) -> {
            if (!wanted.containsKey(address)) {
                batch.add("route del " + address + "/32 dev " + host + " table " + tableAndVia.split(" ")[0]);
            }
        });
        if (!batch.isEmpty()) {
            run(String.join("\n", batch) + "\n", hostArgs("ip", "-force", "-batch", "-"));
            wanted.keySet().forEach(this::forgetConnections);
        }
        Map<String, Integer> last = shaped.get(vpc.vpcId());
        if (!wanted.equals(last) || (!wanted.isEmpty() && seen.hostClasses() != wanted.size())) {
            shape(ns, host, wanted);
            shaped.put(vpc.vpcId(), Map.copyOf(wanted));
        }
    }

    @Override
    public void resolverPort(int port) {
        this.resolverPort = port;
    }

    @Override
    public boolean servesResolver() {
        return resolverPort > 0;
    }

    @Override
    public Optional<String> vpcOfRouter(String address) {
        return transits.entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey).findFirst();
    }

    /** The host's routes into transit links of other installations (another scope in the link's name). */
    @Override
    public Set<String> foreignAddresses() {
        Set<String> out = new HashSet<>();
        for (String line : host("ip", "-o", "-4", "route", "show", "table", "all").stdout().split("\n")) {
            List<String> words = List.of(line.strip().split("\\s+"));
            int dev = words.indexOf("dev");
            if (dev < 0 || dev + 1 >= words.size() || !Names.isHostLink(words.get(dev + 1)) || words.get(dev + 1).startsWith("nt" + names.scope())) {
                continue;
            }
            String dest = publicDestination(words);
            if (dest != null) {
                out.add(dest);
            }
        }
        return out;
    }

    /** Public address → "routing table, gateway" of the host's routes into this transit link. */
    private static Map<String, String> hostRoutes(String listed) {
        Map<String, String> out = new HashMap<>();
        for (String line : listed.split("\n")) {
            List<String> words = List.of(line.strip().split("\\s+"));
            String dest = publicDestination(words);
            if (dest == null) {
                continue;
            }
            int t = words.indexOf("table");
            int via = words.indexOf("via");
            out.put(dest, (t >= 0 ? words.get(t + 1) : "main") + " " + (via >= 0 ? words.get(via + 1) : ""));
        }
        return out;
    }

    /** The public address a route listed by {@code ip -o route} leads to; null for link-local, default and empty lines. */
    private static String publicDestination(List<String> words) {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            return null;
        }
        String dest = (words.get(0).equals("unicast") || words.get(0).equals("local")) && words.size() > 1 ? words.get(1) : words.get(0);
        return dest.startsWith("169.254.") || dest.equals("default") ? null : dest.replace("/32", "");
    }

    private void shape(String ns, String host, Map<String, Integer> wanted) {
        host("tc", "qdisc", "del", "dev", host, "root");
        HostCommand.execute(LIMIT, "tc", "-n", ns, "qdisc", "del", "dev", Names.TRANSIT, "root");
        if (wanted.isEmpty()) {
            return;
        }
        List<String> toVpc = new ArrayList<>(List.of("qdisc add dev " + host + " root handle 1: htb default 0"));
        List<String> fromVpc = new ArrayList<>(List.of("qdisc add dev " + Names.TRANSIT + " root handle 1: htb default 0"));
        int minor = 16;
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            long rate = e.getValue() * 1_000_000L;
            long burst = Math.max(15_000, rate / 8 / 50);
            String cls = "1:" + Integer.toHexString(minor++);
            String htb = " htb rate " + rate + "bit ceil " + rate + "bit burst " + burst + "b cburst " + burst + "b";
            toVpc.add("class add dev " + host + " parent 1: classid " + cls + htb);
            toVpc.add("filter add dev " + host + " parent 1: protocol ip prio 1 u32 match ip dst " + e.getKey() + "/32 flowid " + cls);
            fromVpc.add("class add dev " + Names.TRANSIT + " parent 1: classid " + cls + htb);
            fromVpc.add("filter add dev " + Names.TRANSIT + " parent 1: protocol ip prio 1 u32 match ip src " + e.getKey() + "/32 flowid " + cls);
        }
        run(String.join("\n", toVpc) + "\n", hostArgs("tc", "-batch", "-"));
        run(String.join("\n", fromVpc) + "\n", "tc", "-n", ns, "-batch", "-");
    }

    /** Flows through a rebound address must start over to get its new NAT (best effort). */
    private void forgetConnections(String address) {
        if (HostCommand.installed("conntrack")) {
            host("conntrack", "-D", "--orig-dst", address);
            host("conntrack", "-D", "--reply-dst", address);
        }
    }

    // ---- the host --------------------------------------------------------------------------------

    /**
     * The host's part, shared by all VPCs of the installation: traffic of the transit links may be
     * forwarded (the Docker Engine's FORWARD policy drops what its own rules do not accept; its
     * DOCKER-USER chain is the place it leaves to others), and traffic the VPC routers send out from
     * their transit addresses (shared outbound NAT) leaves from the host's address. Idempotent.
     */
    @Override
    public void ensureHost() {
        if (HostCommand.installed("iptables") && host("iptables", "-n", "-L", "DOCKER-USER").ok()) {
            List<String> rules = dockerUserRules();
            for (String rule : transitRules()) {
                // checked by listing: iptables-nft's -C takes "-i X" for "-o X" with wildcard names
                if (!rules.contains(rule)) {
                    List<String> insert = new ArrayList<>(List.of("iptables", "-I", "DOCKER-USER"));
                    insert.addAll(List.of(rule.substring("-A DOCKER-USER ".length()).split(" ")));
                    host(insert.toArray(String[]::new)).orThrow();
                }
            }
        }
        String table = hostTable();
        if (!host("nft", "list", "table", "ip", table).ok()) {
            run("table ip " + table + " {\n"
                    + "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n"
                    + "    ip saddr 169.254.128.0/17 oifname != \"nt*\" masquerade\n  }\n}\n", hostArgs("nft", "-f", "-"));
        }
    }

    private String hostTable() {
        return "nc-" + names.scope();
    }

    /** The two rules that let this installation's transit links forward, as {@code iptables -S} lists them. */
    private List<String> transitRules() {
        String links = "nt" + names.scope() + "+";
        return List.of("-A DOCKER-USER -i " + links + " -j ACCEPT", "-A DOCKER-USER -o " + links + " -j ACCEPT");
    }

    private List<String> dockerUserRules() {
        return host("iptables", "-S", "DOCKER-USER").stdout().lines().filter(l -> l.startsWith("-A ")).toList();
    }

    private void removeHost() {
        if (HostCommand.installed("iptables")) {
            // by position, last first (deleting by specification has the same wildcard flaw as -C)
            List<String> rules = dockerUserRules();
            for (int i = rules.size() - 1; i >= 0; i--) {
                if (transitRules().contains(rules.get(i))) {
                    host("iptables", "-D", "DOCKER-USER", Integer.toString(i + 1));
                }
            }
        }
        host("nft", "delete", "table", "ip", hostTable());
    }

    @Override
    public void removeAll() {
        vpcs().forEach(this::remove);
        removeHost();
    }

    // ---- removal and inventory ---------------------------------------------------------------

    @Override
    public void remove(String vpcId) {
        ReentrantLock lock = lockOf(vpcId);
        lock.lock();
        try {
            String ns = names.namespace(vpcId);
            // deleting the namespace deletes its links, and with the transit pair the host's routes through it
            host("ip", "link", "del", names.hostLink(vpcId));
            if (fabric != null) {
                host("ip", "link", "del", names.segmentBridge(vpcId));
                host("ip", "link", "del", names.segmentTunnel(vpcId));
                host("ip", "link", "del", names.segmentLink(vpcId));
            }
            HostCommand.execute(LIMIT, "ip", "netns", "del", ns);
            settled.remove(vpcId);
            transits.remove(vpcId);
            loaded.remove(vpcId);
            shaped.remove(vpcId);
        } finally {
            lock.unlock();
        }
        vpcLocks.remove(vpcId);
    }

    @Override
    public Set<String> vpcs() {
        Set<String> out = new HashSet<>();
        try (Stream<Path> entries = Files.list(Path.of("/run/netns"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(names.namespacePrefix()))
                    .forEach(n -> out.add(n.substring(names.namespacePrefix().length())));
        } catch (java.io.IOException e) {
            // no namespace was ever made on this host
        }
        return out;
    }

    /** The namespaces of this installation, by the VPC id in their name. */
    @Override
    public List<String> artefacts() {
        List<String> out = new ArrayList<>();
        vpcs().forEach(v -> out.add("netns " + names.namespacePrefix() + v));
        if (host("nft", "list", "table", "ip", hostTable()).ok()) {
            out.add("nft table ip " + hostTable());
        }
        String links = host("ip", "-o", "link", "show").stdout();
        links.lines().map(l -> l.split(":\\s+")).filter(w -> w.length > 1 && w[1].length() > 8 && w[1].substring(2).startsWith(names.scope()))
                .forEach(w -> out.add("link " + w[1].split("@")[0]));
        return out;
    }

    @Override
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            out.add("not running as root");
        }
        for (String tool : List.of("ip", "nft", "tc", "nsenter", "sysctl")) {
            if (!HostCommand.installed(tool)) {
                out.add(tool + " is not installed (apt-get install iproute2 nftables util-linux procps)");
            }
        }
        if (!HostCommand.installed("conntrack")) {
            out.add("conntrack is not installed (apt-get install conntrack): flows through a rebound elastic IP keep their old NAT until they expire");
        }
        return out;
    }

    // ---- between hosts -----------------------------------------------------------------------------

    /**
     * The VPC's segment between hosts: bridge and VXLAN device in the host's namespace (where the
     * EVPN speaker finds them), and a veth from the bridge to {@code f0} in the VPC's router.
     */
    private void ensureSegment(VpcNetwork vpc, String ns) {
        String bridge = names.segmentBridge(vpc.vpcId());
        String tunnel = names.segmentTunnel(vpc.vpcId());
        String link = names.segmentLink(vpc.vpcId());
        if (host("ip", "link", "show", tunnel).ok() && host("ip", "link", "show", link).ok()
                && HostCommand.execute(LIMIT, "ip", "-n", ns, "link", "show", Fabric.ROUTER_LINK).ok()) {
            return;
        }
        String h = hostShellPrefix();
        String script = String.join("\n",
                "set -e",
                h + "ip link del " + tunnel + " 2>/dev/null || true",
                h + "ip link del " + link + " 2>/dev/null || true",
                h + "ip link del " + bridge + " 2>/dev/null || true",
                h + "ip link add " + bridge + " type bridge",
                h + "ip link set " + bridge + " up",
                h + "ip link add " + tunnel + " type vxlan id " + Fabric.vni(vpc.vpcId()) + " local " + fabric.vtep()
                        + " dstport 4789 nolearning",
                h + "ip link set " + tunnel + " master " + bridge,
                h + "ip link set " + tunnel + " type bridge_slave learning off",
                h + "ip link set " + tunnel + " up",
                h + "ip link add " + link + " type veth peer name " + Fabric.ROUTER_LINK + " netns " + ns,
                h + "ip link set " + link + " master " + bridge,
                h + "ip link set " + link + " up",
                "ip -n " + ns + " addr add " + Fabric.routerAddress(fabric.hostIndex()) + "/24 dev " + Fabric.ROUTER_LINK,
                "ip -n " + ns + " link set " + Fabric.ROUTER_LINK + " up",
                "ip -n " + ns + " rule add pref " + RULE_PREF + " iif " + Fabric.ROUTER_LINK + " " + MARK_RULE + " blackhole");
        run(script, "sh", "-s");
    }

    /** A route to each container on another host, through that host's router on the segment. */
    private void ensureRemoteRoutes(VpcNetwork vpc, String ns) {
        Map<String, String> wanted = new HashMap<>();
        for (VpcNetwork.Port p : vpc.ports()) {
            if (p.host() != 0 && p.host() != fabric.hostIndex()) {
                wanted.put(p.ip(), Fabric.routerAddress(p.host()));
            }
        }
        Map<String, String> present = new HashMap<>();
        String listed = HostCommand.execute(LIMIT, "ip", "-n", ns, "-o", "-4", "route", "show", "dev", Fabric.ROUTER_LINK).stdout();
        for (String line : listed.split("\n")) {
            List<String> words = List.of(line.strip().split("\\s+"));
            int via = words.indexOf("via");
            if (via > 0) {
                present.put(words.get(0).replace("/32", ""), words.get(via + 1));
            }
        }
        List<String> batch = new ArrayList<>();
        wanted.forEach((ip, router) -> {
            if (!router.equals(present.get(ip))) {
                batch.add("route replace " + ip + "/32 via " + router + " dev " + Fabric.ROUTER_LINK + " onlink");
            }
        });
        present.keySet().stream().filter(ip -> !wanted.containsKey(ip))
                .forEach(ip -> batch.add("route del " + ip + "/32 dev " + Fabric.ROUTER_LINK));
        if (!batch.isEmpty()) {
            run(String.join("\n", batch) + "\n", "ip", "-force", "-n", ns, "-batch", "-");
        }
    }

    /** Whether the interface's container runs on this host. */
    private boolean local(VpcNetwork.Port p) {
        return fabric == null || p.host() == 0 || p.host() == fabric.hostIndex();
    }

    /** Runs in the host's namespace; the result whatever the exit code. */
    private HostCommand.Result host(String... command) {
        return HostCommand.execute(LIMIT, hostArgs(command));
    }

    /** What runs a line of a shell script in the host's namespace. */
    private String hostShellPrefix() {
        return inHost.isEmpty() ? "" : String.join(" ", inHost) + " ";
    }

    private String[] hostArgs(String... command) {
        List<String> argv = new ArrayList<>(inHost);
        argv.addAll(List.of(command));
        return argv.toArray(String[]::new);
    }

    // ---- observation -------------------------------------------------------------------------------

    /**
     * One listing of everything {@link #apply} compares: the router's links, addresses and routing
     * rules (one {@code ip -batch}), unless {@code withoutHost} the host's routes and HTB classes on
     * the transit link, and (last) the router's rule set: three or five short processes.
     */
    private Observed observe(String ns, String host, boolean withoutHost) {
        String script = String.join("; echo @@; ",
                "printf 'link show\\naddr show\\nrule show\\n' | ip -n " + ns + " -o -4 -batch -",
                withoutHost ? ":" : "ip -o -4 route show table all dev " + host,
                withoutHost ? ":" : "tc class show dev " + host,
                nft(ns) + " list ruleset");
        return Observed.parse(host("sh", "-c", script).stdout());
    }

    private boolean hostLinkExists(String host) {
        return inHost.isEmpty() ? Files.exists(Path.of("/sys/class/net", host)) : host("ip", "link", "show", host).ok();
    }

    private static void run(String input, String... command) {
        HostCommand.executeWithInput(LIMIT, input, command).orThrow();
    }
}
