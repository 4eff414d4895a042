package nc.runtime.host.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * VPC connectivity and security groups, enforced with iptables on the host (layout in
 * {@link BaseChains}).
 *
 * <p><b>VPCs.</b> Each subnet is a Docker bridge; Docker drops traffic between bridges
 * (DOCKER-ISOLATION chains). {@link #connectVpc} accepts it between the bridges of one VPC,
 * after the security group checks; bridges of different VPCs stay isolated by Docker's rules.
 *
 * <p><b>Security groups.</b> {@link #apply} gives one interface two chains, egress and ingress,
 * that RETURN what its rules allow and DROP the rest (S1, S4); packets of connections already
 * accepted (conntrack ESTABLISHED, RELATED) always pass (S3). The egress chain also lets UDP and
 * TCP port 53 reach the upstream resolvers the Docker Engine's embedded DNS server (127.0.0.11 in
 * the container) forwards to, because that server sends its upstream queries from inside the
 * container's network namespace (S2); the embedded server itself is inside the namespace and
 * never filtered. Traffic is matched by the interface's address and bridge, in FORWARD (between
 * containers, with {@code bridge-nf-call-iptables=1} also within one bridge, and to/from
 * outside), INPUT (container to the host) and OUTPUT (host to container, which includes the host
 * reaching a container through a loopback elastic IP). Applying again replaces both chains in one
 * iptables-restore transaction, so a rule change reaches running containers at once (tens of
 * milliseconds), without a window where the interface is open or closed. Removing a rule does not
 * cut connections it already let through (stateful, as on JD Cloud).
 *
 * <p>Not covered: an interface without a policy is not filtered at all; a container with
 * CAP_NET_RAW (Docker's default) can forge the source address of another container on its
 * bridge, and the egress rules of the forged address then apply.
 */
public final class Firewall {
    private static final List<String> DOCKER_DEFAULT_RESOLVERS = List.of("8.8.8.8", "8.8.4.4");

    private final NetScope scope;
    private final List<String> resolvers;

    /**
     * @param resolvers IPv4 addresses containers may always reach on port 53 (S2): the upstream
     *                  resolvers of the engine's DNS server, see {@link #engineResolvers}
     */
    public Firewall(NetScope scope, List<String> resolvers) {
        this.scope = Objects.requireNonNull(scope);
        this.resolvers = resolvers.stream().map(Ipv4::address).distinct().toList();
    }

    /** A firewall whose DNS exception is the Docker Engine's upstream resolvers ({@link #engineResolvers}). */
    public static Firewall forHost(NetScope scope) {
        return new Firewall(scope, engineResolvers(Path.of("/etc/resolv.conf")));
    }

    /**
     * The resolvers Docker's embedded DNS server forwards to: the host's non-loopback IPv4
     * nameservers, or Google's when there are none (Docker's rule). Loopback ones are queried from
     * the host's namespace and need no exception.
     */
    public static List<String> engineResolvers(Path resolvConf) {
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    try {
                        String address = Ipv4.address(words[1]);
                        if (!Ipv4.isLoopback(address)) {
                            found.add(address);
                        }
                    } catch (IllegalArgumentException ipv6) {
                        // IPv6 resolvers: containers get IPv4 only
                    }
                }
            }
        } catch (IOException e) {
            return DOCKER_DEFAULT_RESOLVERS;
        }
        return found.isEmpty() ? DOCKER_DEFAULT_RESOLVERS : found;
    }

    public NetScope scope() {
        return scope;
    }

    public List<String> resolvers() {
        return resolvers;
    }

    // ---- VPCs --------------------------------------------------------------------------------

    /**
     * Containers on these bridges (the subnets of one VPC) reach each other, subject to their
     * security groups. Replaces what was connected for the VPC before; an empty list disconnects.
     * A bridge belongs to one VPC: naming it here takes it out of any other.
     */
    public void connectVpc(String vpcId, List<String> bridges) {
        Objects.requireNonNull(vpcId, "vpcId");
        List<String> names = bridges.stream().map(Ipv4::interfaceName).distinct().toList();
        if (names.isEmpty()) {
            disconnectVpc(vpcId);
            return;
        }
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            BaseChains.ensureFilter(scope, batch);
            String chain = vpcChain(vpcId);
            batch.replaceChain(chain, names.stream().map(b -> "-o " + b + " -j ACCEPT").toList());
            for (String rule : batch.saved().rules(scope.chain(BaseChains.VPC))) {
                if (rule.endsWith(" -j " + chain) || names.contains(Iptables.option(rule, "-i"))) {
                    batch.delete(rule);
                }
            }
            for (String other : batch.saved().chains(scope.chain("V-"))) {
                for (String rule : other.equals(chain) ? List.<String>of() : batch.saved().rules(other)) {
                    if (names.contains(Iptables.option(rule, "-o"))) {
                        batch.delete(rule);
                    }
                }
            }
            String comment = scope.comment("vpc:" + (Ipv4.commentSafe(vpcId) ? vpcId : NetScope.key(vpcId)));
            for (String bridge : names) {
                batch.append(scope.chain(BaseChains.VPC), "-i " + bridge + " -m comment --comment " + comment + " -j " + chain);
            }
            batch.commit();
        }
    }

    /** The VPC's subnets no longer reach each other (Docker's isolation applies again). */
    public void disconnectVpc(String vpcId) {
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            removeChainAndJumps(batch, vpcChain(vpcId));
            batch.commit();
        }
    }

    /** Sweep: disconnects every VPC of this scope not named. */
    public void disconnectAllVpcsExcept(Set<String> vpcIds) {
        Set<String> keep = vpcIds.stream().map(this::vpcChain).collect(Collectors.toSet());
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            for (String chain : batch.saved().chains(scope.chain("V-"))) {
                if (!keep.contains(chain)) {
                    removeChainAndJumps(batch, chain);
                }
            }
            batch.commit();
        }
    }

    // ---- security groups ---------------------------------------------------------------------

    /**
     * Enforces the policy on its interface, replacing any earlier one atomically. An earlier
     * policy of another interface on the same address and bridge is removed (one address, one
     * interface).
     */
    public void apply(InterfacePolicy policy) {
        apply(List.of(policy));
    }

    /**
     * {@link #apply(InterfacePolicy)} for several interfaces in one iptables-restore transaction:
     * a burst of new containers costs one round trip, not one each.
     */
    public void apply(Collection<InterfacePolicy> policies) {
        if (policies.isEmpty()) {
            return;
        }
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            BaseChains.ensureFilter(scope, batch);
            Set<String> written = new HashSet<>();
            for (InterfacePolicy policy : policies) {
                written.add(egressChain(policy.interfaceId()));
                written.add(ingressChain(policy.interfaceId()));
            }
            Set<String> removed = new HashSet<>();
            for (InterfacePolicy policy : policies) {
                write(batch, policy, written, removed);
            }
            batch.commit();
        }
    }

    /** One policy's chains and jumps; {@code written}: every chain this batch writes, {@code removed}: chains it removed. */
    private void write(Iptables.Batch batch, InterfacePolicy policy, Set<String> written, Set<String> removed) {
        String egress = egressChain(policy.interfaceId());
        String ingress = ingressChain(policy.interfaceId());
        batch.replaceChain(egress, egressRules(policy.rules(), resolvers));
        batch.replaceChain(ingress, ingressRules(policy.rules()));
        batch.saved().jumpsTo(egress).forEach(batch::delete);
        batch.saved().jumpsTo(ingress).forEach(batch::delete);
        for (String rule : batch.saved().rules(scope.chain(BaseChains.SG))) {
            String target = Iptables.option(rule, "-j");
            boolean sameAddress = policy.bridge().equals(firstNonNull(Iptables.option(rule, "-i"), Iptables.option(rule, "-o")))
                    && (policy.ip() + "/32").equals(firstNonNull(Iptables.option(rule, "-s"), Iptables.option(rule, "-d")));
            if (sameAddress && !written.contains(target) && removed.add(target)) {
                removeChainAndJumps(batch, target);
            }
        }
        String comment = " -m comment --comment " + scope.comment("if:" + (Ipv4.commentSafe(policy.interfaceId())
                ? policy.interfaceId() : NetScope.key(policy.interfaceId())));
        String from = "-s " + policy.ip() + "/32 -i " + policy.bridge() + comment + " -j " + egress;
        String to = "-d " + policy.ip() + "/32 -o " + policy.bridge() + comment + " -j " + ingress;
        batch.append(scope.chain(BaseChains.SG), from);
        batch.append(scope.chain(BaseChains.SG), to);
        batch.append(scope.chain(BaseChains.IN), from);
        // in filter OUTPUT "-o" is the device routed to before nat OUTPUT's DNAT (lo for an
        // elastic IP in 127/8): match the address only, which one host never gives two bridges
        batch.append(scope.chain(BaseChains.OUT), "-d " + policy.ip() + "/32" + comment + " -j " + ingress);
    }

    /** The interface is no longer filtered; a no-op when it was not. */
    public void remove(String interfaceId) {
        remove(List.of(interfaceId));
    }

    /** {@link #remove(String)} for several interfaces in one iptables-restore transaction. */
    public void remove(Collection<String> interfaceIds) {
        if (interfaceIds.isEmpty()) {
            return;
        }
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            for (String interfaceId : interfaceIds) {
                removeChainAndJumps(batch, egressChain(interfaceId));
                removeChainAndJumps(batch, ingressChain(interfaceId));
            }
            batch.commit();
        }
    }

    /** Sweep: removes the policies of every interface of this scope not named. */
    public void removeAllExcept(Set<String> interfaceIds) {
        Set<String> keep = new LinkedHashSet<>();
        for (String id : interfaceIds) {
            keep.add(egressChain(id));
            keep.add(ingressChain(id));
        }
        synchronized (Iptables.LOCK) {
            Iptables.Batch batch = Iptables.batch(scope, "filter");
            List<String> chains = new ArrayList<>(batch.saved().chains(scope.chain("E-")));
            chains.addAll(batch.saved().chains(scope.chain("I-")));
            for (String chain : chains) {
                if (!keep.contains(chain)) {
                    removeChainAndJumps(batch, chain);
                }
            }
            batch.commit();
        }
    }

    /** Every line of the filter table that belongs to this scope (chains, their rules, jumps into them). */
    public List<String> listRules() {
        return ScopeRules.of(scope, Iptables.save("filter"));
    }

    // ---- rendering (pure; unit-tested) -------------------------------------------------------

    static List<String> egressRules(List<Rule> rules, List<String> resolvers) {
        List<String> out = new ArrayList<>();
        out.add("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
        for (String resolver : resolvers) {
            out.add("-d " + resolver + "/32 -p udp -m udp --dport 53 -j RETURN");
            out.add("-d " + resolver + "/32 -p tcp -m tcp --dport 53 -j RETURN");
        }
        rules.stream().filter(r -> r.direction() == Rule.Direction.EGRESS).map(Firewall::allow).distinct().forEach(out::add);
        out.add("-j DROP");
        return out;
    }

    static List<String> ingressRules(List<Rule> rules) {
        List<String> out = new ArrayList<>();
        out.add("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
        rules.stream().filter(r -> r.direction() == Rule.Direction.INGRESS).map(Firewall::allow).distinct().forEach(out::add);
        out.add("-j DROP");
        return out;
    }

    private static String allow(Rule rule) {
        String match = rule.match();
        return match.isEmpty() ? "-j RETURN" : match + " -j RETURN";
    }

    String egressChain(String interfaceId) {
        return scope.chain("E-" + NetScope.key(interfaceId));
    }

    String ingressChain(String interfaceId) {
        return scope.chain("I-" + NetScope.key(interfaceId));
    }

    String vpcChain(String vpcId) {
        return scope.chain("V-" + NetScope.key(vpcId));
    }

    private static void removeChainAndJumps(Iptables.Batch batch, String chain) {
        if (!batch.saved().hasChain(chain)) {
            return;
        }
        batch.saved().jumpsTo(chain).forEach(batch::delete);
        batch.removeChain(chain);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
