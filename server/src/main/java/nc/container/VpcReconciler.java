package nc.container;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nc.network.NetworkService;
import nc.network.SecurityGroupRule;
import nc.network.Subnet;
import nc.network.eip.ElasticIpBinder;
import nc.network.eip.ElasticIpBinding;
import nc.network.eip.ElasticIpService;
import nc.runtime.ContainerRuntime;
import nc.runtime.EngineState;
import nc.runtime.RuntimeFailure;
import nc.tenantnet.Rule;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.VpcNetwork;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each VPC's datapath equal to the database, level-triggered: a reconcile of a VPC reads
 * its subnets, containers, their groups' rules and its elastic IPs as they are now, and hands the
 * whole to the {@link TenantNetwork}, which changes only what differs. Anything that may change a
 * VPC's datapath only asks for its VPC ({@link #request}): a container started or restarted by the
 * engine, a rule change, an elastic IP (un)bound, a delete. Requests for one VPC coalesce and never
 * run twice at once. Every {@code resync} all VPCs are reconciled (so lost filters, a flushed
 * namespace or a restarted engine are put back within that time), and the datapath of VPCs that
 * no longer exist is removed.
 */
final class VpcReconciler implements ElasticIpBinder, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VpcReconciler.class);

    private final Jdbi jdbi;
    private final ContainerRepository containers;
    private final NetworkService network;
    private final ContainerRuntime runtime;
    private final TenantNetwork datapath;
    private final boolean sharedOutboundNat;
    private ElasticIpService elasticIps;
    private final ExecutorService workers = Executors.newFixedThreadPool(3, ContainerWorker.daemon("nc-vpc"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(ContainerWorker.daemon("nc-vpc-sync"));
    /** Containers this server is starting: {@link #plugStarted} plugs them, reconciles leave them alone until then. */
    private final Set<String> starting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Containers plugged while the engine started them ({@link #plugEarly}): the pid plugged. */
    private final Map<String, Long> pluggedEarly = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per VPC: whether a reconcile runs, and the one asked for meanwhile (its callers wait for it). */
    private final Map<String, Slot> slots = new HashMap<>();
    /** Whether this replica applies the datapath (it holds the lease of the engine work); the others leave the host to it. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;

    private static final class Slot {
        boolean running;
        CompletableFuture<Set<String>> next;
    }

    VpcReconciler(Jdbi jdbi, ContainerRepository containers, NetworkService network, ContainerRuntime runtime, TenantNetwork datapath,
            boolean sharedOutboundNat) {
        this.jdbi = jdbi;
        this.containers = containers;
        this.network = network;
        this.runtime = runtime;
        this.datapath = datapath;
        this.sharedOutboundNat = sharedOutboundNat;
    }

    /** The elastic IPs (made after this, which binds through it). */
    void elasticIps(ElasticIpService elasticIps) {
        this.elasticIps = elasticIps;
    }

    void leadWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
    }

    void begin(Duration resync) {
        ticker.scheduleWithFixedDelay(this::resync, 0, resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reconcile of the VPC that starts after this call; completes with the containers then plugged. */
    CompletableFuture<Set<String>> request(String vpcId) {
        synchronized (slots) {
            Slot slot = slots.computeIfAbsent(vpcId, k -> new Slot());
            if (slot.next == null) {
                slot.next = new CompletableFuture<>();
                if (!slot.running) {
                    submit(vpcId);
                }
            }
            return slot.next;
        }
    }

    /**
     * Reconciles the container's VPC and waits until its interface is plugged into the running
     * container; returns early when the main process exits meanwhile (the engine's restart policy
     * runs it again, and that start is plugged like any other). Fails when a container that keeps
     * running cannot be plugged.
     */
    private void awaitPlugged(Container c, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Set<String> plugged = request(c.vpcId()).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (plugged.contains(c.containerId())) {
                    return;
                }
            } catch (TimeoutException e) {
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                last = e.getCause() instanceof RuntimeException r ? r : new RuntimeFailure(e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure("interrupted while plugging " + c.nicId(), e);
            }
            if (runtime.inspect(c.engineName()).filter(s -> s.running() && !s.restarting() && s.restartCount() == 0).isEmpty()) {
                // its main process exited (the engine restarts it): each new incarnation is plugged when the engine starts it
                return;
            }
        }
        throw new RuntimeFailure("network interface " + c.nicId() + " could not be plugged within " + limit.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Waits for a reconcile of the VPC; its failure is logged, not thrown (the next resync retries). */
    void settle(String vpcId) {
        try {
            request(vpcId).join();
        } catch (CompletionException e) {
            LOG.warn("the datapath of {} is not yet as wanted (retried within seconds)", vpcId, e.getCause());
        }
    }

    private void submit(String vpcId) {
        workers.execute(() -> run(vpcId));
    }

    private void run(String vpcId) {
        CompletableFuture<Set<String>> done;
        Slot slot;
        synchronized (slots) {
            slot = slots.get(vpcId);
            done = slot.next;
            slot.next = null;
            slot.running = true;
        }
        try {
            done.complete(reconcile(vpcId));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        } finally {
            synchronized (slots) {
                slot.running = false;
                if (slot.next != null) {
                    submit(vpcId);
                } else {
                    slots.remove(vpcId);
                }
            }
        }
    }

    /** The VPC's datapath made as the database has it now; removed when the VPC is gone. */
    private Set<String> reconcile(String vpcId) {
        if (!leading.getAsBoolean()) {
            return Set.of();
        }
        Optional<VpcNetwork> wanted = wanted(vpcId);
        if (wanted.isEmpty()) {
            datapath.remove(vpcId);
            return Set.of();
        }
        return datapath.apply(wanted.get(), containerId -> starting.contains(containerId) ? 0L
                : runtime.inspect(Container.engineNameOf(containerId)).filter(EngineState::running).map(EngineState::pid).orElse(0L));
    }

    /** The resolver a container is given: its subnet's gateway, when the datapath serves the VPC resolver there; else none (the engine's). */
    List<String> resolverOf(Container c) {
        if (!datapath.servesResolver()) {
            return List.of();
        }
        return network.subnetById(c.subnetId()).map(s -> List.of(nc.network.Cidr.format(s.range().gateway()))).orElse(List.of());
    }

    /** The container is about to be started by this server, which then calls {@link #plugStarted}. */
    void starting(String containerId) {
        starting.add(containerId);
    }

    /** Its start failed: reconciles plug it again if it runs after all. */
    void notStarting(String containerId) {
        starting.remove(containerId);
        pluggedEarly.remove(containerId);
    }

    boolean isStarting(String containerId) {
        return starting.contains(containerId);
    }

    /**
     * The container's namespace exists while the engine still starts it (see
     * {@link ContainerRuntime#start(String, java.util.function.LongConsumer)}): its interface is
     * plugged the fast way now, before its main process runs, when the datapath allows it.
     * {@link #plugStarted} then only checks that the container runs in that namespace.
     */
    void plugEarly(Container c, long pid) {
        try {
            if (fastPlug(c, pid)) {
                pluggedEarly.put(c.containerId(), pid);
            }
        } catch (RuntimeException e) {
            LOG.debug("early plug of {} failed; plugged after its start", c.nicId(), e);
        }
    }

    /**
     * Plugs a container this server has just started: nothing left to do when it was plugged
     * early into the process that runs now; else the fast way ({@link TenantNetwork#plug}) when
     * the datapath allows it, else as {@link #awaitPlugged}.
     */
    void plugStarted(Container c, Duration limit) {
        Long early = pluggedEarly.remove(c.containerId());
        try {
            long pid = runtime.inspect(c.engineName()).filter(s -> s.running() && !s.restarting()).map(EngineState::pid).orElse(0L);
            if (pid > 0 && early != null && early == pid) {
                return;
            }
            if (pid > 0 && fastPlug(c, pid)) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.debug("fast plug of {} failed; reconciling its VPC", c.nicId(), e);
        } finally {
            starting.remove(c.containerId());
        }
        awaitPlugged(c, limit);
    }

    /** {@link TenantNetwork#plug}, with the VPC's wanted state read once the datapath holds the VPC. */
    private boolean fastPlug(Container c, long pid) {
        return datapath.plug(c.vpcId(), () -> wanted(c.vpcId()).orElse(null), c.nicId(), pid);
    }

    /** The VPC's whole datapath as the database has it now; empty when the VPC is gone. */
    private Optional<VpcNetwork> wanted(String vpcId) {
        if (network.vpcById(vpcId).isEmpty()) {
            return Optional.empty();
        }
        List<Container> members = containers.inVpc(vpcId);
        Map<String, List<String>> groupsOf = jdbi.withHandle(h -> containers.securityGroups(h,
                members.stream().map(Container::containerId).toList()));
        Map<String, List<Rule>> rulesOf = new HashMap<>();
        List<VpcNetwork.Port> ports = new ArrayList<>();
        for (Container c : members) {
            List<Rule> rules = new ArrayList<>();
            for (String group : groupsOf.getOrDefault(c.containerId(), List.of())) {
                rules.addAll(rulesOf.computeIfAbsent(group, g -> network.rules(g).stream().map(VpcReconciler::rule).toList()));
            }
            ports.add(new VpcNetwork.Port(c.nicId(), c.containerId(), c.subnetId(), c.privateIp(), c.macAddress(), rules));
        }
        Set<String> memberIds = new HashSet<>();
        members.forEach(c -> memberIds.add(c.containerId()));
        List<VpcNetwork.PublicAddress> addresses = new ArrayList<>();
        if (elasticIps != null) {
            for (ElasticIpBinding b : elasticIps.bindingsOf(memberIds)) {
                addresses.add(new VpcNetwork.PublicAddress(b.publicAddress(), b.privateAddress(), b.bandwidthMbps()));
            }
        }
        List<VpcNetwork.Segment> segments = new ArrayList<>();
        for (Subnet s : network.subnetsOfVpc(vpcId)) {
            segments.add(new VpcNetwork.Segment(s.subnetId(), s.cidr(), nc.network.Cidr.format(s.range().gateway())));
        }
        return Optional.of(new VpcNetwork(vpcId, segments, ports, addresses, sharedOutboundNat));
    }

    private static Rule rule(SecurityGroupRule r) {
        return Rule.fromApi(r.direction(), r.protocol(), r.addressPrefix(), r.fromPort(), r.toPort());
    }

    /** Every VPC reconciled; the datapath of VPCs no longer in the database removed. */
    void resync() {
        if (!leading.getAsBoolean()) {
            return;
        }
        try {
            datapath.ensureHost();
            List<String> wanted = network.allVpcIds();
            Set<String> present = datapath.vpcs();
            List<CompletableFuture<Set<String>>> runs = new ArrayList<>();
            for (String vpcId : wanted) {
                runs.add(request(vpcId));
            }
            for (String vpcId : present) {
                if (!wanted.contains(vpcId)) {
                    runs.add(request(vpcId));
                }
            }
            for (CompletableFuture<Set<String>> run : runs) {
                try {
                    run.join();
                } catch (CompletionException e) {
                    LOG.warn("reconcile failed (retried on the next resync)", e.getCause());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("datapath resync failed (retried on the next one)", e);
        }
    }

    // ---- elastic IPs: the change is committed; the datapath follows ------------------------------

    /**
     * In force before this returns, for a container that may run; one being created (not started
     * yet) has no interface the address could reach: its VPC is asked for, and its start plugs it
     * with the address in force (createContainers does not wait for a reconcile).
     */
    @Override
    public void bind(ElasticIpBinding binding) {
        containers.find(binding.containerId()).ifPresent(c -> {
            if (c.status() == ContainerStatus.PENDING) {
                request(c.vpcId());
            } else {
                settle(c.vpcId());
            }
        });
    }

    @Override
    public void unbind(ElasticIpBinding binding) {
        containers.find(binding.containerId()).ifPresent(c -> settle(c.vpcId()));
    }

    @Override
    public Set<String> heldElsewhere() {
        return datapath.foreignAddresses();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
