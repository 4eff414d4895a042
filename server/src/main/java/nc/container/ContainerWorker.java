package nc.container;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import nc.config.Config;
import nc.container.spec.ImageReference;
import nc.disk.AttachedDisk;
import nc.disk.Disk;
import nc.disk.DiskService;
import nc.network.NetworkService;
import nc.network.Subnet;
import nc.network.eip.ElasticIpService;
import nc.runtime.ContainerRuntime;
import nc.runtime.DiskVolumes;
import nc.runtime.EngineContainer;
import nc.runtime.EngineEvent;
import nc.runtime.EngineNetwork;
import nc.runtime.EngineState;
import nc.runtime.LogQuery;
import nc.runtime.RegistryAuth;
import nc.runtime.RuntimeFailure;
import nc.network.eip.ElasticIpBinder;
import nc.tenantnet.TenantNetwork;
import nc.secret.RegistryCredentials;
import nc.secret.SecretService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves containers to their desired state in the engine. Every transition is in the database
 * before the engine is touched, so after a crash {@link #recover()} resumes each transitional
 * container where it was; {@link #sync()} folds the engine's truth back and removes engine
 * objects that no row owns. Work on one container is serialised by its lock.
 *
 * <p>Data disks are {@link DiskVolumes}: attached (on the host: a mounted loop device) before the
 * engine container is made and while the container exists, running or stopped; detached when it
 * is deleted, their storage destroyed with the disk. The root volume limits the container's own
 * filesystem where the engine can ({@link ContainerRuntime#limitsRootFs()}).
 */
public final class ContainerWorker implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerWorker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How often every VPC's datapath is compared with the database (drift is put back within this). */
    private static final Duration DATAPATH_RESYNC = Duration.ofSeconds(2);
    /** How often the lease holder looks for work another replica recorded (a create, start, stop or delete it took). */
    private static final Duration PENDING_SCAN = Duration.ofMillis(500);
    private static final long LOG_BYTES = 10L * 1024 * 1024;
    private static final long GIB = 1L << 30;
    static final String OWNER_LABEL = "nc.owner";
    static final String CONTAINER_LABEL = "nc.container";
    /** Engine containers made for the kernel datapath (the engine's {@code none} network, plugged by nc). */
    static final String DATAPATH_LABEL = "nc.datapath";
    private static final Duration PLUG_LIMIT = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final ContainerRepository containers;
    private final NetworkService network;
    private final DiskService disks;
    private final SecretService secrets;
    private final InstanceTypes instanceTypes;
    private final ContainerRuntime runtime;
    private volatile java.util.function.Consumer<Container> provisioned = c -> { };
    private volatile Runnable workFailed = () -> { };
    private final DiskVolumes volumes;
    private final String owner;
    private final Config.Engine engine;
    private final int hostCpus = Runtime.getRuntime().availableProcessors();
    private final ExecutorService tasks = Executors.newFixedThreadPool(8, daemon("nc-worker"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("nc-sync"));
    /** Apart from the sync, which may wait long on a container's lock. */
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(daemon("nc-pending"));
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Containers with work queued or running; sync resubmits only the others. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final VpcReconciler vpcs;
    private final RecentPulls recentPulls = new RecentPulls(Duration.ofSeconds(60));
    private final ImagePulls pulls;
    /** Containers createContainers just made: no engine container can exist under their name yet. */
    private final Set<String> brandNew = ConcurrentHashMap.newKeySet();
    private Closeable events;
    /** Whether this replica holds the lease of the work on the engine: only then does it act on containers. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;

    public ContainerWorker(Jdbi jdbi, NetworkService network, DiskService disks, SecretService secrets, InstanceTypes instanceTypes,
            ContainerRuntime runtime, DiskVolumes volumes, String owner, Config.Engine engine, TenantNetwork datapath,
            nc.registry.RegistryPolicies registries) {
        this.jdbi = jdbi;
        this.pulls = new ImagePulls(runtime, registries);
        this.containers = new ContainerRepository(jdbi);
        this.network = network;
        this.disks = disks;
        this.secrets = secrets;
        this.instanceTypes = instanceTypes;
        this.runtime = runtime;
        this.volumes = volumes;
        this.owner = owner;
        this.engine = engine;
        this.vpcs = new VpcReconciler(jdbi, containers, network, runtime, datapath, engine.sharedOutboundNat());
    }

    /** Where elastic IP changes reach the datapath: the elastic IP service binds through this. */
    public ElasticIpBinder elasticIpBinder() {
        return vpcs;
    }

    /** The elastic IPs, once made (they bind through {@link #elasticIpBinder()}). */
    public void elasticIps(ElasticIpService elasticIps) {
        vpcs.elasticIps(elasticIps);
    }

    /** Told of each new container when it first reaches running (for the create-to-running metric). */
    public void onProvisioned(java.util.function.Consumer<Container> listener) {
        this.provisioned = listener;
    }

    /** Told of each piece of work on a container that failed and is left for the next sync (for the reconcile-error metric). */
    public void onWorkFailed(Runnable listener) {
        this.workFailed = listener;
    }

    /**
     * All work on containers and their datapath is done only while {@code leading} (this replica
     * holds the lease of that work; by default always): level-triggered, a replica that does not
     * lead only records the wanted status (the API did), and the leader finds it within
     * {@link #PENDING_SCAN}. A replica that becomes the leader recovers first, as after a restart,
     * so it finishes what a killed leader left half done; every step is skipped when already done
     * (the engine container's name is the container's), so nothing is done twice.
     */
    public void leadWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
        vpcs.leadWhile(leading);
    }

    /** Resumes interrupted work, listens to the engine and syncs periodically (while leading). */
    public void begin(Duration syncEvery) {
        boolean[] led = {leading.getAsBoolean()};
        if (led[0]) {
            recover();
        }
        vpcs.begin(DATAPATH_RESYNC);
        try {
            events = runtime.events(this::onEvent);
        } catch (RuntimeException e) {
            LOG.warn("engine events unavailable: {}", e.getMessage());
        }
        ticker.scheduleWithFixedDelay(() -> {
            boolean leads = leading.getAsBoolean();
            if (leads && !led[0]) {
                recoverQuietly();
            }
            led[0] = leads;
            if (leads) {
                quietly("sync", this::sync);
            }
        }, syncEvery.toMillis(), syncEvery.toMillis(), TimeUnit.MILLISECONDS);
        scanner.scheduleWithFixedDelay(() -> {
            if (leading.getAsBoolean()) {
                quietly("pending scan", this::resumePending);
            }
        }, PENDING_SCAN.toMillis(), PENDING_SCAN.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recoverQuietly() {
        try {
            recover();
        } catch (RuntimeException e) {
            LOG.warn("recovery on taking the lead failed", e);
        }
    }

    void provision(String id) {
        provision(id, Set.of());
    }

    /** A container createContainers has just recorded: nothing of it exists on the engine yet. */
    void provisionNew(String id, Set<String> formatDisks) {
        if (leading.getAsBoolean()) {
            brandNew.add(id);
        }
        provision(id, formatDisks);
    }

    /**
     * @param formatDisks existing disks the create asked to format (formatVolume): recorded at once,
     *                    so that the first attach formats them even after a restart
     */
    void provision(String id, Set<String> formatDisks) {
        for (String diskId : formatDisks) {
            try {
                volumes.formatOnNextAttach(diskId);
            } catch (RuntimeException e) {
                LOG.error("cannot record that disk {} of {} is to be formatted: {}", diskId, id, e.getMessage());
            }
        }
        led(id, this::doProvision);
    }

    void start(String id) {
        led(id, this::doStart);
    }

    void stop(String id) {
        led(id, this::doStop);
    }

    void delete(String id) {
        led(id, this::doDelete);
    }

    /** Work that makes a container's status true: done here only while this replica leads, else by the leader's scan. */
    private void led(String id, java.util.function.Consumer<Container> work) {
        if (leading.getAsBoolean()) {
            submit(id, c -> {
                if (leading.getAsBoolean()) {
                    work.accept(c);
                }
            });
        }
    }

    /** Queues work on a container under its lock, after the work queued before it (rebuild). */
    void queue(String id, java.util.function.Consumer<Container> work) {
        submit(id, work);
    }

    /** Runs work on a container under its lock now; its failure is the caller's (resize). */
    void now(String id, Runnable work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                locks.remove(id, lock);
            }
        }
    }

    /** Pulls a container's new image (a rebuild) with one of the account's secrets (null: none), within the registry policy. */
    void pull(String containerId, String account, String region, String image, String secret) {
        ImageReference reference = ImageReference.parse(image);
        pulls.pull(containerId, account, image, reference, reference.pullName(engine.registryMirror()),
                credentials(account, region, secret));
    }

    /**
     * Removes the (stopped) engine container, so that the next start makes it again from the row:
     * its image, its limits and a fresh root file system (rebuild, resize).
     */
    void forgetEngineContainer(Container c) {
        runtime.remove(c.engineName());
    }

    String logs(Container c, LogQuery query) {
        try {
            return runtime.logs(c.engineName(), query);
        } catch (RuntimeFailure e) {
            return "";
        }
    }

    /**
     * Picks up every container a previous run left in a transitional status, removes disk storage
     * nothing owns any more and attaches again the disks of running and stopped containers (after
     * a reboot their engine containers would otherwise run without them).
     */
    public void recover() {
        sweepDisks();
        retireEngineNetworkContainers();
        for (Container c : containers.inStatuses(EnumSet.of(ContainerStatus.PENDING, ContainerStatus.STARTING,
                ContainerStatus.STOPPING, ContainerStatus.DELETING, ContainerStatus.RUNNING, ContainerStatus.STOPPED,
                ContainerStatus.REBUILDING))) {
            if (c.status().transitional()) {
                resume(c);
            } else {
                submit(c.containerId(), this::reattachDisks);
            }
        }
    }

    /** A group's rules changed: every interface in it has its new filter when this returns (within seconds). */
    public void securityGroupChanged(String groupId) {
        network.vpcOfGroup(groupId).ifPresent(vpcs::settle);
    }

    /**
     * Engine containers made by an earlier version on an engine network (a Docker bridge per
     * subnet) are removed, so that the sync makes them again on the kernel datapath: same id,
     * address, disks and elastic IP. Their engine networks go with the orphan sweep.
     */
    private void retireEngineNetworkContainers() {
        try {
            for (var engine : runtime.listByLabel(OWNER_LABEL, owner)) {
                if (!engine.labels().containsKey(DATAPATH_LABEL)) {
                    LOG.info("moving engine container {} onto the kernel datapath", engine.name());
                    runtime.remove(engine.name());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not list engine containers to move them onto the kernel datapath", e);
        }
    }

    /** Queues the work a transitional status stands for. */
    private void resume(Container c) {
        switch (c.status()) {
            case PENDING -> provision(c.containerId());
            case STARTING -> start(c.containerId());
            case STOPPING -> stop(c.containerId());
            case DELETING -> delete(c.containerId());
            case REBUILDING -> containers.transition(c.containerId(), Set.of(ContainerStatus.REBUILDING), ContainerStatus.STOPPED,
                    "rebuild failed: interrupted by a restart of the service; nothing was changed", false);
            default -> {
            }
        }
    }

    private void doProvision(Container c) {
        // the mark of createContainers is read by a provisioning only: the pending scan may have provisioned it before it was made
        boolean isNew = brandNew.remove(c.containerId());
        if (c.status() != ContainerStatus.PENDING) {
            return;
        }
        try {
            if (containers.running(c.containerId(), ContainerStatus.PENDING, ensureStarted(c, isNew))) {
                provisioned.accept(c);
            }
        } catch (RuntimeException e) {
            removeEngineObjects(c);
            containers.transition(c.containerId(), Set.of(ContainerStatus.PENDING), ContainerStatus.ERROR, reason(e), false);
        }
    }

    private void doStart(Container c) {
        if (c.status() != ContainerStatus.STARTING) {
            return;
        }
        try {
            containers.running(c.containerId(), ContainerStatus.STARTING, ensureStarted(c, false));
        } catch (RuntimeException e) {
            containers.transition(c.containerId(), Set.of(ContainerStatus.STARTING), ContainerStatus.STOPPED,
                    "start failed: " + reason(e), false);
        }
    }

    private void doStop(Container c) {
        if (c.status() != ContainerStatus.STOPPING) {
            return;
        }
        String reason = null;
        try {
            runtime.stop(c.engineName(), STOP_GRACE);
        } catch (RuntimeException e) {
            reason = "stop: " + reason(e);
        }
        containers.transition(c.containerId(), Set.of(ContainerStatus.STOPPING), ContainerStatus.STOPPED, reason, reason == null);
    }

    private void doDelete(Container c) {
        if (c.status() != ContainerStatus.DELETING) {
            return;
        }
        brandNew.remove(c.containerId());
        runtime.remove(c.engineName());
        // its port, filters and elastic IP off the datapath before the container is gone from the API
        vpcs.settle(c.vpcId());
        // detached before the disks become available, so that no other container can attach one still mounted here;
        // a shared (multi-attachable) disk stays while another container uses it
        List<AttachedDisk> attached = jdbi.withHandle(h -> disks.attachedTo(h, c.containerId()));
        attached.stream().filter(d -> !d.attachment().isRoot() && !usedByAnother(d.disk().diskId(), c.containerId()))
                .forEach(d -> volumes.detach(d.disk().diskId()));
        List<Disk> deleted = jdbi.inTransaction(h -> {
            List<Disk> gone = disks.release(h, c.containerId());
            network.release(h, c.containerId());
            containers.delete(h, c.containerId());
            return gone;
        });
        deleted.forEach(d -> volumes.destroy(d.diskId()));
    }

    /**
     * Attaches the disks and starts the engine container, making it first when it is missing. One
     * that already ran without a disk its folder now has (attached only now) is started again on it.
     *
     * @param isNew createContainers made it just now: nothing of it is on the engine yet (no inspect needed)
     * @return the engine container made now, null when it existed
     */
    private String ensureStarted(Container c, boolean isNew) {
        long t0 = System.nanoTime();
        EngineReady ready = ensureEngineContainer(c, isNew);
        if (ready.restart()) {
            runtime.stop(c.engineName(), STOP_GRACE);
        }
        long t1 = System.nanoTime();
        // this start's engine event and the resyncs leave it to the plug below
        vpcs.starting(c.containerId());
        try {
            // its network is plugged as soon as its namespace exists, while the engine still starts it
            runtime.start(c.engineName(), pid -> vpcs.plugEarly(c, pid));
        } catch (RuntimeException e) {
            vpcs.notStarting(c.containerId());
            throw e;
        }
        long t2 = System.nanoTime();
        // it runs without any network (fail-closed) until its interface is plugged
        vpcs.plugStarted(c, PLUG_LIMIT);
        long t3 = System.nanoTime();
        LOG.debug("{} started: engine container {} ms, start {} ms, plugged {} ms", c.containerId(), (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        return ready.createdId();
    }

    /** The data disks attached, how the engine mounts them, and whether one was attached only now. */
    private record AttachedVolumes(List<EngineContainer.VolumeMount> mounts, boolean fresh, long rootFsBytes) {
    }

    private AttachedVolumes attachDisks(Container c) {
        List<AttachedDisk> attached = jdbi.withHandle(h -> disks.attachedTo(h, c.containerId()));
        List<EngineContainer.VolumeMount> mounts = new java.util.ArrayList<>();
        boolean fresh = false;
        long rootFsBytes = 0;
        for (AttachedDisk d : attached) {
            if (d.attachment().isRoot()) {
                rootFsBytes = d.disk().sizeGb() * GIB;
                continue;
            }
            DiskVolumes.Attached volume = volumes.attach(new DiskVolumes.Volume(d.disk().diskId(), d.disk().sizeGb(),
                    d.attachment().fsType(), d.disk().snapshotId()));
            mounts.add(volume.at(d.attachment().mountPath(), d.attachment().readOnly()));
            fresh |= volume.fresh();
        }
        return new AttachedVolumes(mounts, fresh, rootFsBytes);
    }

    /**
     * The engine container made now ({@code createdId}), or found; {@code restart} when it existed
     * already and a disk was attached only now, so it must start again.
     */
    private record EngineReady(String createdId, boolean restart) {
    }

    /** Disks, image and engine container; each step is skipped when already done. */
    private EngineReady ensureEngineContainer(Container c, boolean isNew) {
        AttachedVolumes attached = attachDisks(c);
        if (!isNew && runtime.inspect(c.engineName()).isPresent()) {
            return new EngineReady(null, attached.fresh());
        }
        ImageReference image = ImageReference.parse(c.image());
        String pullName = image.pullName(engine.registryMirror());
        String pullKey = c.accountId() + "|" + c.regionId() + "|" + c.secret() + "|" + pullName;
        if (!recentPulls.fresh(pullKey)) {
            pulls.pull(c, image, pullName, credentials(c));
            recentPulls.record(pullKey);
        }
        EngineContainer spec = engineSpec(c, image, attached);
        String engineId;
        try {
            engineId = runtime.create(spec);
        } catch (RuntimeFailure e) {
            // the image may have gone since it was pulled (a prune): once more, from scratch
            pulls.pull(c, image, pullName, credentials(c));
            engineId = runtime.create(spec);
        }
        return new EngineReady(engineId, false);
    }

    /** On the engine's {@code none} network: nc plugs its interface once it runs. */
    private EngineContainer engineSpec(Container c, ImageReference image, AttachedVolumes attached) {
        InstanceType type = instanceTypes.find(c.instanceType()).orElseThrow();
        return new EngineContainer(
                c.engineName(), image.pullName(engine.registryMirror()),
                c.process().command().isEmpty() ? null : c.process().command(),
                c.process().args().isEmpty() ? null : c.process().args(),
                c.process().envs().stream().map(e -> e.name() + "=" + e.value()).toList(),
                c.hostname(),
                c.process().hostAliases().stream().flatMap(a -> a.hostnames().stream()
                        .map(n -> new EngineContainer.HostEntry(n, a.ip()))).toList(),
                c.tty(), c.workingDir(),
                Math.min(type.cpu(), hostCpus) * 1_000_000_000L,
                type.memoryGb() * 1024L * 1024 * 1024,
                "none", null, null, attached.mounts(),
                Map.of(OWNER_LABEL, owner, CONTAINER_LABEL, c.containerId(), DATAPATH_LABEL, "netns"), LOG_BYTES, attached.rootFsBytes(),
                type.pidsLimit(), vpcs.resolverOf(c));
    }

    /** The engine container ran without a disk that is attached only now (a reboot): it starts again on it. */
    private void restartOntoDisks(Container c) {
        LOG.info("{}: a data disk was attached again; restarting its engine container onto it", c.containerId());
        runtime.stop(c.engineName(), STOP_GRACE);
        runtime.start(c.engineName());
    }

    /** After a restart: disks not attached any more are attached again, and a running container restarted onto them. */
    private void reattachDisks(Container c) {
        if (c.status() != ContainerStatus.RUNNING && c.status() != ContainerStatus.STOPPED) {
            return;
        }
        boolean fresh = attachDisks(c).fresh();
        if (fresh && c.status() == ContainerStatus.RUNNING) {
            runtime.inspect(c.engineName()).filter(s -> s.running() || s.restarting()).ifPresent(s -> restartOntoDisks(c));
        }
    }

    private Optional<RegistryAuth> credentials(Container c) {
        return credentials(c.accountId(), c.regionId(), c.secret());
    }

    private Optional<RegistryAuth> credentials(String account, String region, String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        RegistryCredentials creds = secrets.credentials(account, region, secret)
                .orElseThrow(() -> new RuntimeFailure("secret " + secret + " no longer exists"));
        return Optional.of(new RegistryAuth(creds.server(), creds.username(), creds.password()));
    }

    private void removeEngineObjects(Container c) {
        try {
            runtime.remove(c.engineName());
        } catch (RuntimeException e) {
            LOG.warn("could not remove engine container of {}: {}", c.containerId(), e.getMessage());
        }
    }

    private void onEvent(EngineEvent event) {
        String id = event.labels().get(CONTAINER_LABEL);
        if (id == null || !owner.equals(event.labels().get(OWNER_LABEL))) {
            return;
        }
        if ("start".equals(event.action())) {
            if (vpcs.isStarting(id)) {
                return;
            }
            // the engine restarted it on its own (restart policy, daemon restart): a new namespace to plug
            containers.find(id).ifPresent(c -> vpcs.request(c.vpcId()));
            return;
        }
        if (!"die".equals(event.action())) {
            return;
        }
        containers.find(id).filter(c -> c.status() == ContainerStatus.RUNNING).ifPresent(c ->
                containers.setReason(id, "exited with code " + event.attributes().getOrDefault("exitCode", "?")));
    }

    /** A periodic pass whose failure (the engine or the database unreachable) waits for the next one. */
    private static void quietly(String what, Runnable pass) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.debug("{} skipped: {}", what, e.getMessage());
        }
    }

    /** Folds the engine's state back: lost containers come back, the desired running/stopped state is enforced, orphans go. */
    public void sync() {
        if (!runtime.available()) {
            return;
        }
        for (Container c : containers.inStatuses(EnumSet.of(ContainerStatus.RUNNING, ContainerStatus.STOPPED))) {
            withLock(c.containerId(), () -> containers.find(c.containerId()).ifPresent(this::enforce));
        }
        // work that failed while the engine was unreachable is tried again, once per sync
        resumePending();
        removeOrphans();
    }

    /** Queues the work of each container in a transitional status that has none queued here (another replica took its request). */
    private void resumePending() {
        for (Container c : containers.inStatuses(EnumSet.of(ContainerStatus.PENDING, ContainerStatus.STARTING,
                ContainerStatus.STOPPING, ContainerStatus.DELETING))) {
            if (!queued.contains(c.containerId())) {
                resume(c);
            }
        }
    }

    private void enforce(Container c) {
        Optional<EngineState> state = runtime.inspect(c.engineName());
        if (c.status() == ContainerStatus.RUNNING) {
            if (state.isEmpty()) {
                containers.setReason(c.containerId(), "engine container disappeared; recreated");
                ensureStarted(c, false);
            } else if (attachDisks(c).fresh()) {
                restartOntoDisks(c);
            } else if (!state.get().running() && !state.get().restarting()) {
                runtime.start(c.engineName());
            }
            state.filter(s -> s.restartCount() > 0 && c.reason() == null)
                    .ifPresent(s -> containers.setReason(c.containerId(), "exited with code " + s.exitCode()));
        } else {
            if (state.isPresent() && (state.get().running() || state.get().restarting())) {
                runtime.stop(c.engineName(), STOP_GRACE);
            }
            attachDisks(c);
        }
    }

    private void removeOrphans() {
        for (var engine : runtime.listByLabel(OWNER_LABEL, owner)) {
            String id = engine.labels().get(CONTAINER_LABEL);
            if (id != null && !locks.containsKey(id) && !queued.contains(id) && !containers.exists(id)) {
                runtime.remove(engine.name());
            }
        }
        sweepDisks();
        // engine networks of an earlier version (a bridge per subnet): nothing uses them any more
        for (String net : runtime.networksByLabel(OWNER_LABEL, owner)) {
            runtime.removeNetwork(net);
        }
    }

    private boolean usedByAnother(String diskId, String containerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM disk_attachments WHERE disk_id = :disk AND container_id <> :c")
                .bind("disk", diskId).bind("c", containerId).mapTo(Integer.class).one()) > 0;
    }

    /** Storage of deleted disks goes; disks no container uses are detached. Each disk is asked about when it is handled. */
    private void sweepDisks() {
        try {
            volumes.sweep(
                    id -> jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM disks WHERE disk_id = :id")
                            .bind("id", id).mapTo(Integer.class).one()) > 0,
                    id -> jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM disk_attachments WHERE disk_id = :id")
                            .bind("id", id).mapTo(Integer.class).one()) > 0);
        } catch (RuntimeException e) {
            LOG.warn("disk sweep failed: {}", e.getMessage());
        }
    }

    private void submit(String id, java.util.function.Consumer<Container> work) {
        queued.add(id);
        tasks.submit(() -> {
            try {
                withLock(id, () -> containers.find(id).ifPresent(work));
            } finally {
                queued.remove(id);
            }
        });
    }

    private void withLock(String id, Runnable work) {
        try {
            now(id, work);
        } catch (RuntimeException e) {
            LOG.warn("work on {} failed: {}", id, e.getMessage());
            workFailed.run();
        }
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    /** Containers still being worked on: a test or a shutdown can wait for them. */
    public boolean idle() {
        return locks.isEmpty();
    }

    @Override
    public void close() throws IOException {
        ticker.shutdownNow();
        scanner.shutdownNow();
        if (events != null) {
            events.close();
        }
        tasks.shutdown();
        try {
            tasks.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.shutdownNow();
        vpcs.close();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }


}
