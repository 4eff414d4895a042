package nc.disk;

import java.io.Closeable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what the disk API accepted: each transitional status (disk creating or deleting,
 * snapshot creating or deleting) is already in the database when the work is handed here, so
 * {@link #recover()} resumes it after a restart. The {@link DiskProvisioner} does the host side;
 * its success or failure decides the next status.
 *
 * <p>Among replicas the work is done by one, the one {@code leading} (the holder of the engine
 * work's lease): the others only record the status, and the leader finds it within
 * {@link #SCAN_EVERY}; a replica that becomes the leader resumes what the last one left.
 */
public final class DiskWorker implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskWorker.class);

    private final Jdbi jdbi;
    private final DiskProvisioner provisioner;
    private final DiskRepository disks = new DiskRepository();
    private final SnapshotRepository snapshots = new SnapshotRepository();
    private final ExecutorService tasks = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "nc-disk-worker");
        t.setDaemon(true);
        return t;
    });
    /** How often the leader looks for work: a status another replica recorded, or one a killed leader left. */
    static final Duration SCAN_EVERY = Duration.ofSeconds(1);
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nc-disk-scan");
        t.setDaemon(true);
        return t;
    });
    /** The work queued or running here, by what it is: the scan never queues it twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile BooleanSupplier leading = () -> true;

    public DiskWorker(Jdbi jdbi, DiskProvisioner provisioner) {
        this.jdbi = jdbi;
        this.provisioner = provisioner;
    }

    /** creating → available, or error_create when the provisioner fails. */
    void provision(String diskId) {
        submit("provision " + diskId, () -> jdbi.withHandle(h -> disks.find(h, diskId))
                .filter(d -> Disk.CREATING.equals(d.status()))
                .ifPresent(disk -> {
                    String next = attempt("provision disk " + diskId, () -> provisioner.provision(disk))
                            ? Disk.AVAILABLE : Disk.ERROR_CREATE;
                    jdbi.useHandle(h -> disks.transition(h, diskId, Set.of(Disk.CREATING), next));
                }));
    }

    /** deleting → gone, or error_delete when the provisioner fails. Snapshots of the disk stay. */
    void destroy(String diskId) {
        submit("destroy " + diskId, () -> jdbi.withHandle(h -> disks.find(h, diskId))
                .filter(d -> Disk.DELETING.equals(d.status()))
                .ifPresent(disk -> {
                    if (attempt("destroy disk " + diskId, () -> provisioner.destroy(disk))) {
                        jdbi.useTransaction(h -> disks.delete(h, diskId));
                    } else {
                        jdbi.useHandle(h -> disks.transition(h, diskId, Set.of(Disk.DELETING), Disk.ERROR_DELETE));
                    }
                }));
    }

    /** creating → available, or error_create. */
    void snapshot(String snapshotId) {
        submit("snapshot " + snapshotId, () -> jdbi.withHandle(h -> snapshots.find(h, snapshotId))
                .filter(s -> Snapshot.CREATING.equals(s.status()))
                .ifPresent(snapshot -> {
                    boolean ok = attempt("snapshot " + snapshotId, () -> provisioner.snapshot(
                            jdbi.withHandle(h -> disks.find(h, snapshot.diskId())).orElseThrow(
                                    () -> new IllegalStateException("source disk " + snapshot.diskId() + " is gone")),
                            snapshotId));
                    jdbi.useHandle(h -> snapshots.transition(h, snapshotId, Set.of(Snapshot.CREATING),
                            ok ? Snapshot.AVAILABLE : Snapshot.ERROR_CREATE));
                }));
    }

    /** deleting → gone, or error_delete. */
    void deleteSnapshot(String snapshotId) {
        submit("delete " + snapshotId, () -> jdbi.withHandle(h -> snapshots.find(h, snapshotId))
                .filter(s -> Snapshot.DELETING.equals(s.status()))
                .ifPresent(snapshot -> {
                    if (attempt("delete snapshot " + snapshotId, () -> provisioner.deleteSnapshot(snapshotId))) {
                        jdbi.useHandle(h -> snapshots.delete(h, snapshotId));
                    } else {
                        jdbi.useHandle(h -> snapshots.transition(h, snapshotId, Set.of(Snapshot.DELETING), Snapshot.ERROR_DELETE));
                    }
                }));
    }

    /**
     * Recovers now when {@code leading}, then every {@link #SCAN_EVERY} while leading resumes what
     * waits; recovers again on becoming the leader.
     */
    void begin(BooleanSupplier leading) {
        this.leading = leading;
        boolean[] led = {leading.getAsBoolean()};
        if (led[0]) {
            recover();
        }
        scanner.scheduleWithFixedDelay(() -> {
            boolean leads = leading.getAsBoolean();
            try {
                if (leads && !led[0]) {
                    recover();
                } else if (leads) {
                    resume();
                }
            } catch (RuntimeException e) {
                LOG.warn("disk work scan failed (tried again within {} s)", SCAN_EVERY.toSeconds(), e);
            }
            led[0] = leads;
        }, SCAN_EVERY.toMillis(), SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Resumes every creation and deletion a previous run left unfinished, after removing what no snapshot owns. */
    public void recover() {
        try {
            provisioner.sweepSnapshots(id -> jdbi.withHandle(h -> snapshots.find(h, id)).isPresent());
        } catch (RuntimeException e) {
            LOG.warn("snapshot sweep failed: {}", e.getMessage());
        }
        resume();
    }

    /** Queues each creation and deletion not yet finished nor queued here. */
    private void resume() {
        jdbi.useHandle(h -> {
            disks.unattachedIn(h, Disk.CREATING).forEach(d -> provision(d.diskId()));
            disks.unattachedIn(h, Disk.DELETING).forEach(d -> destroy(d.diskId()));
            snapshots.idsIn(h, Snapshot.CREATING).forEach(this::snapshot);
            snapshots.idsIn(h, Snapshot.DELETING).forEach(this::deleteSnapshot);
        });
    }

    /** Runs the host step; a failure caused by shutting down is no verdict: the status stays for {@link #recover()}. */
    private boolean attempt(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            if (tasks.isShutdown()) {
                throw new IllegalStateException(what + " interrupted by shutdown", e);
            }
            LOG.warn("{} failed: {}", what, e.getMessage());
            return false;
        }
    }

    /** Queues the work while this replica leads (else the leader's scan finds its status), unless it is queued already. */
    private void submit(String what, Runnable work) {
        if (!leading.getAsBoolean() || !queued.add(what)) {
            return;
        }
        tasks.submit(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e.getMessage());
            } finally {
                queued.remove(what);
            }
        });
    }

    /** No disk or snapshot work queued or running: a test or a shutdown can wait for it. */
    public boolean idle() {
        return queued.isEmpty();
    }

    /** Lets running steps finish for a few seconds, then interrupts them; their statuses stay for {@link #recover()}. */
    @Override
    public void close() {
        scanner.shutdownNow();
        tasks.shutdown();
        try {
            tasks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.shutdownNow();
    }
}
