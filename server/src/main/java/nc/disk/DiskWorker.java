package nc.disk;

import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what the disk API accepted: each transitional status (disk creating or deleting,
 * snapshot creating or deleting) is already in the database when the work is handed here, so
 * {@link #recover()} resumes it after a restart. The {@link DiskProvisioner} does the host side;
 * its success or failure decides the next status.
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
    private final AtomicInteger inFlight = new AtomicInteger();

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

    /** Resumes every creation and deletion a previous run left unfinished, after removing what no snapshot owns. */
    public void recover() {
        try {
            provisioner.sweepSnapshots(id -> jdbi.withHandle(h -> snapshots.find(h, id)).isPresent());
        } catch (RuntimeException e) {
            LOG.warn("snapshot sweep failed: {}", e.getMessage());
        }
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

    private void submit(String what, Runnable work) {
        inFlight.incrementAndGet();
        tasks.submit(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** No disk or snapshot work queued or running: a test or a shutdown can wait for it. */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    /** Lets running steps finish for a few seconds, then interrupts them; their statuses stay for {@link #recover()}. */
    @Override
    public void close() {
        tasks.shutdown();
        try {
            tasks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.shutdownNow();
    }
}
