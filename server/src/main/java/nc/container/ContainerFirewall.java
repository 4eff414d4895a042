package nc.container;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import nc.network.Cidr;
import nc.network.NetworkService;
import nc.network.SecurityGroupRule;
import nc.network.Subnet;
import nc.runtime.host.net.HostInterfaces;
import nc.runtime.host.net.HostNetwork;
import nc.runtime.host.net.InterfacePolicy;
import nc.runtime.host.net.Rule;

/**
 * Makes a container's VPC and security groups true on the host (docs/api/vpc-disk.md §2.4, §6): the
 * subnets of one VPC reach each other, other VPCs stay apart, and each interface only lets pass
 * what the union of its groups' rules allows. Without the host's means (not root, no iptables, a
 * remote engine) it does nothing.
 *
 * <p>Filters asked for with {@link #applySoon} and {@link #remove} are written together, in one
 * iptables transaction with whatever else was asked for meanwhile: a burst of new containers, or
 * a rule change of a group with many members, costs one round trip instead of one per interface,
 * each of which waited for the previous one. One writer at a time, in the order asked: a removal
 * is never overtaken by an earlier write of the same interface.
 */
final class ContainerFirewall {
    private final HostNetwork host;
    private final NetworkService network;
    /** The bridges each VPC was last connected with: unchanged sets cost no iptables round trip. */
    private final Map<String, List<String>> connected = new ConcurrentHashMap<>();

    /** The security groups of each of these containers, in their order. */
    private final Function<Collection<String>, Map<String, List<String>>> groupsOf;
    private final Executor writer;
    /** Asked for and not being written yet, by interface: the latest wish for each. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Held while a batch is taken and written, so that batches reach the host in the order taken. */
    private final Object writing = new Object();
    /**
     * Interfaces removed lately (guarded by {@link #pending}): a filter asked for after the removal, by
     * someone who read the container before its delete began, is not written for a deleted interface.
     */
    private final Set<String> removed = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    /** A filter to write for the container's interface, or ({@code remove}) to take away. */
    private record Pending(Container container, boolean remove, CompletableFuture<Void> written) {
    }

    /**
     * @param host   empty where the host's network cannot be changed: then nothing is enforced
     * @param writer where {@link #applySoon} writes
     */
    ContainerFirewall(Optional<HostNetwork> host, NetworkService network,
            Function<Collection<String>, Map<String, List<String>>> groupsOf, Executor writer) {
        this.host = host.orElse(null);
        this.network = network;
        this.groupsOf = groupsOf;
        this.writer = writer;
    }

    /** The VPC's subnets that exist as bridges reach each other; called whenever one of its subnets gets its bridge. */
    private void connectVpc(String vpcId) {
        if (host == null) {
            return;
        }
        List<String> bridges = new ArrayList<>();
        for (Subnet s : network.subnetsOfVpc(vpcId)) {
            bridge(s).ifPresent(bridges::add);
        }
        if (bridges.equals(connected.get(vpcId))) {
            return;
        }
        host.firewall().connectVpc(vpcId, bridges);
        connected.put(vpcId, List.copyOf(bridges));
    }

    /**
     * Connects the container's VPC ({@link #connectVpc}) and replaces its interface's filter with
     * the union of its groups' rules (atomic; effective at once), on the writer, together with the
     * other filters asked for until it gets there. The groups and rules are read when it is
     * written, so a filter asked for before a rule change and written after it has the new rules.
     */
    CompletableFuture<Void> applySoon(Container c) {
        return ask(c, false);
    }

    /** The container's interface is no longer filtered when this returns. */
    void remove(Container c) {
        await(ask(c, true));
    }

    /** Waits for a write; its failure is the caller's. */
    static void await(CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private CompletableFuture<Void> ask(Container c, boolean remove) {
        if (host == null) {
            return CompletableFuture.completedFuture(null);
        }
        Pending asked;
        synchronized (pending) {
            // a removal is final: nothing is written for the interface after it
            if (!remove && removed.contains(c.nicId())) {
                return CompletableFuture.completedFuture(null);
            }
            Pending earlier = pending.get(c.nicId());
            if (earlier != null && earlier.remove() == remove) {
                return earlier.written();
            }
            if (remove) {
                removed.add(c.nicId());
            }
            asked = new Pending(c, remove, new CompletableFuture<>());
            pending.put(c.nicId(), asked);
            if (earlier != null) {
                // the removal replaces the filter; whoever waits for that hears when the removal is written
                asked.written().whenComplete((done, failure) -> {
                    if (failure == null) {
                        earlier.written().complete(null);
                    } else {
                        earlier.written().completeExceptionally(failure);
                    }
                });
            }
        }
        try {
            writer.execute(this::writePending);
        } catch (RejectedExecutionException closing) {
            synchronized (pending) {
                pending.remove(c.nicId(), asked);
            }
            asked.written().completeExceptionally(closing);
        }
        return asked.written();
    }

    /** The writer stopped: whoever still waits for a write hears that it will not come. */
    void abandonPending() {
        List<Pending> left;
        synchronized (pending) {
            left = List.copyOf(pending.values());
            pending.clear();
        }
        left.forEach(p -> p.written().completeExceptionally(new IllegalStateException("the service is stopping")));
    }

    private void writePending() {
        synchronized (writing) {
            List<Pending> batch;
            synchronized (pending) {
                batch = List.copyOf(pending.values());
                pending.clear();
            }
            write(batch.stream().filter(p -> !p.remove()).toList());
            List<Pending> removals = batch.stream().filter(Pending::remove).toList();
            try {
                host.firewall().remove(removals.stream().map(p -> p.container().nicId()).toList());
                removals.forEach(p -> p.written().complete(null));
            } catch (RuntimeException e) {
                removals.forEach(p -> p.written().completeExceptionally(e));
            }
        }
    }

    private void write(List<Pending> applies) {
        if (applies.isEmpty()) {
            return;
        }
        try {
            Map<String, RuntimeException> vpcFailures = new HashMap<>();
            applies.stream().map(p -> p.container().vpcId()).distinct().forEach(vpcId -> {
                try {
                    connectVpc(vpcId);
                } catch (RuntimeException e) {
                    vpcFailures.put(vpcId, e);
                }
            });
            Map<String, List<String>> groups = groupsOf.apply(applies.stream().map(p -> p.container().containerId()).toList());
            List<InterfacePolicy> policies = new ArrayList<>();
            List<Pending> ready = new ArrayList<>();
            for (Pending p : applies) {
                Container c = p.container();
                try {
                    if (vpcFailures.containsKey(c.vpcId())) {
                        throw vpcFailures.get(c.vpcId());
                    }
                    policies.add(policy(c, groups.getOrDefault(c.containerId(), List.of())));
                    ready.add(p);
                } catch (RuntimeException e) {
                    p.written().completeExceptionally(e);
                }
            }
            host.firewall().apply(policies);
            ready.forEach(p -> p.written().complete(null));
        } catch (RuntimeException e) {
            applies.forEach(p -> p.written().completeExceptionally(e));
        }
    }

    private InterfacePolicy policy(Container c, List<String> groupIds) {
        Subnet subnet = network.subnetById(c.subnetId()).orElseThrow();
        String bridge = bridge(subnet).orElseThrow(() -> new IllegalStateException("no bridge for subnet " + subnet.subnetId()));
        List<Rule> rules = new ArrayList<>();
        for (String groupId : groupIds) {
            for (SecurityGroupRule r : network.rules(groupId)) {
                rules.add(Rule.fromApi(r.direction(), r.protocol(), r.addressPrefix(), r.fromPort(), r.toPort()));
            }
        }
        return new InterfacePolicy(c.nicId(), c.privateIp(), bridge, rules);
    }

    /** On start: filters of interfaces and VPCs that no longer exist go. */
    void sweep(Set<String> interfaceIds, Set<String> vpcIds) {
        if (host != null) {
            host.firewall().removeAllExcept(interfaceIds);
            host.firewall().disconnectAllVpcsExcept(vpcIds);
            connected.keySet().retainAll(vpcIds);
        }
    }

    private static Optional<String> bridge(Subnet subnet) {
        return HostInterfaces.bridgeWithAddress(Cidr.format(subnet.range().gateway()));
    }
}
