package nc.runtime.host.net;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import nc.runtime.host.HostCommand;

/**
 * Elastic IPs as 1:1 NAT onto a container's private address, with iptables (layout in
 * {@link BaseChains}).
 *
 * <p><b>To the container.</b> Traffic to the EIP, any protocol and port, is DNATed to the private
 * address: in nat OUTPUT for the host's own traffic, in nat PREROUTING for traffic routed to the
 * host. Security groups then apply to it as to any ingress (the DNAT happens first, so the
 * interface's ingress chain sees it). With the default pool inside 127.0.0.0/8 only the host
 * itself can send to an EIP: its packets leave with a loopback source, which needs {@code
 * route_localnet=1} on the subnet's bridge (set per bridge, not for {@code all}) and a MASQUERADE
 * so the container can answer: the container sees such connections coming from its subnet's
 * gateway address, and the ingress rules see the loopback source, so a rule for 0.0.0.0/0 admits
 * them and a rule for a private prefix does not. With a routable pool (the operator routes it to
 * this host) the client's own address is kept.
 *
 * <p><b>From the container ("leaves from the EIP").</b> Connections the container opens to the
 * host (any of the host's addresses, e.g. its gateway) are SNATed in nat INPUT: the host, which
 * stands for the Internet when the pool is loopback, sees them come from the EIP. Connections
 * leaving through any other non-bridge interface are SNATed to the EIP only when it is routable;
 * a loopback source cannot leave the machine, so with the loopback pool such traffic only
 * leaves where the subnet's network has the engine's shared masquerade (off unless the operator
 * turns it on). Traffic to other containers (bridges) keeps the private address.
 * Containers cannot reach a loopback EIP (127/8 is their own loopback); a routable EIP is
 * reachable from other containers too (the DNATed connection is accepted past Docker's
 * isolation), and they are seen by their private address.
 */
public final class ElasticIpNat {
    private static final Duration CONNTRACK_LIMIT = Duration.ofSeconds(10);
    /** The default pool of nc's elastic IPs: loopback addresses, reachable from this host only. */
    public static final String DEFAULT_POOL = "127.100.0.0/24";

    private final NetScope scope;

    public ElasticIpNat(NetScope scope) {
        this.scope = Objects.requireNonNull(scope);
    }

    /**
     * Maps the EIP onto the private address of a container on that bridge, replacing any binding
     * of the same EIP or the same private address. Idempotent: calling it again for an unchanged
     * binding only re-asserts the order of the hooks (Docker puts the MASQUERADE rule of each new
     * network above them), so a reconcile loop may call it periodically.
     */
    public void bindElasticIp(String eip, String privateIp, String bridge) {
        String e = Ipv4.address(eip);
        String ip = Ipv4.address(privateIp);
        String br = Ipv4.interfaceName(bridge);
        boolean loopback = Ipv4.isLoopback(e);
        String comment = " -m comment --comment " + scope.comment("eip:" + e + ":" + ip);
        Predicate<String> previous = c -> c.startsWith(scope.comment("eip:" + e + ":"))
                || (c.startsWith(scope.comment("eip:")) && c.endsWith(":" + ip));
        boolean changed;
        synchronized (Iptables.LOCK) {
            if (loopback) {
                Sysctl.routeLocalnet(br);
            }
            Iptables.Batch filter = Iptables.batch(scope, "filter");
            Iptables.Batch nat = Iptables.batch(scope, "nat");
            BaseChains.ensureFilter(scope, filter);
            BaseChains.ensureNat(scope, nat);
            List<String> filterRules = filter.saved().withComment(previous);
            List<String> natRules = nat.saved().withComment(previous);
            // the same binding again (a periodic re-assertion) changes nothing and keeps its connections
            String exact = scope.comment("eip:" + e + ":" + ip);
            changed = !(filterRules.size() == 1 && natRules.size() == (loopback ? 3 : 4)
                    && natRules.stream().allMatch(r -> exact.equals(Iptables.option(r, "--comment")))
                    && natRules.stream().anyMatch(r -> br.equals(Iptables.option(r, "-o")))
                    && filterRules.stream().allMatch(r -> exact.equals(Iptables.option(r, "--comment"))));
            if (changed) {
                filterRules.forEach(filter::delete);
                filter.append(scope.chain(BaseChains.EIP), "-m conntrack --ctstate DNAT --ctorigdst " + e + "/32" + comment + " -j ACCEPT");
                natRules.forEach(nat::delete);
                nat.append(scope.chain(BaseChains.DNAT), "-d " + e + "/32" + comment + " -j DNAT --to-destination " + ip);
                nat.append(scope.chain(BaseChains.MASQ), "-s 127.0.0.0/8 -d " + ip + "/32 -o " + br + comment + " -j MASQUERADE");
                if (!loopback) {
                    nat.append(scope.chain(BaseChains.SNAT), "-s " + ip + "/32" + comment + " -j SNAT --to-source " + e);
                }
                nat.append(scope.chain(BaseChains.HOST), "-s " + ip + "/32 -i " + br + comment + " -j SNAT --to-source " + e);
            }
            filter.commit();
            nat.commit();
        }
        if (changed) {
            forgetConnections(e);
        }
    }

    /** The EIP no longer leads anywhere; connections through it are forgotten. A no-op when unbound. */
    public void unbindElasticIp(String eip) {
        String e = Ipv4.address(eip);
        synchronized (Iptables.LOCK) {
            removeWhere(c -> c.startsWith(scope.comment("eip:" + e + ":")));
        }
        forgetConnections(e);
    }

    /** Sweep: unbinds every EIP of this scope not named. */
    public void unbindAllExcept(Set<String> eips) {
        Set<String> keep = eips.stream().map(Ipv4::address).collect(java.util.stream.Collectors.toSet());
        Map<String, String> bound = bindings();
        synchronized (Iptables.LOCK) {
            removeWhere(c -> c.startsWith(scope.comment("eip:")) && !keep.contains(c.split(":")[3]));
        }
        bound.keySet().stream().filter(e -> !keep.contains(e)).forEach(ElasticIpNat::forgetConnections);
    }

    /** EIP → private address, as the host has them now. */
    public Map<String, String> bindings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String rule : Iptables.save("nat").rules(scope.chain(BaseChains.DNAT))) {
            String c = Iptables.option(rule, "--comment");
            if (c != null && c.startsWith(scope.comment("eip:"))) {
                String[] parts = c.split(":");
                out.put(parts[3], parts[4]);
            }
        }
        return out;
    }

    /** Every line of the nat table that belongs to this scope (the filter side is in {@link Firewall#listRules}). */
    public List<String> listRules() {
        return ScopeRules.of(scope, Iptables.save("nat"));
    }

    private void removeWhere(Predicate<String> comment) {
        for (String table : List.of("nat", "filter")) {
            Iptables.Batch batch = Iptables.batch(scope, table);
            batch.saved().withComment(comment).forEach(batch::delete);
            batch.commit();
        }
    }

    /**
     * Conntrack remembers the NAT of a flow for its lifetime: after a (re)binding, flows to the
     * address must start over to get the new mapping. Best effort: without the conntrack tool,
     * stale UDP/ICMP flows age out by themselves (30 s).
     */
    private static void forgetConnections(String eip) {
        if (!HostCommand.installed("conntrack")) {
            return;
        }
        HostCommand.execute(CONNTRACK_LIMIT, "conntrack", "-D", "--orig-dst", eip);
        HostCommand.execute(CONNTRACK_LIMIT, "conntrack", "-D", "--reply-dst", eip);
    }
}
