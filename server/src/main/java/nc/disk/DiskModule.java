package nc.disk;

import java.io.Closeable;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import nc.account.AccountRepository;
import nc.api.Operation;
import nc.quota.AccountQuotas;
import org.jdbi.v3.core.Jdbi;

/** The disk service assembled: its operations, its services and the worker that finishes their work. */
public final class DiskModule implements Closeable {
    private final DiskWorker worker;
    private final CloudDiskService disks;
    private final SnapshotService snapshots;

    /**
     * @param provisioner    the host side of disks and snapshots
     * @param zonesOfRegion  the availability zones of each region
     */
    public DiskModule(Jdbi jdbi, AccountRepository accounts, AccountQuotas quotas, DiskProvisioner provisioner,
            Function<String, Set<String>> zonesOfRegion, Clock clock) {
        DiskQuotas diskQuotas = new DiskQuotas(quotas, accounts);
        this.worker = new DiskWorker(jdbi, provisioner);
        this.disks = new CloudDiskService(jdbi, diskQuotas, worker, zonesOfRegion, clock);
        this.snapshots = new SnapshotService(jdbi, diskQuotas, worker, clock);
    }

    public List<Operation> operations() {
        return new DiskOperations(disks, snapshots).operations();
    }

    public CloudDiskService disks() {
        return disks;
    }

    public DiskWorker worker() {
        return worker;
    }

    /** Resumes the creations and deletions a previous run left unfinished; the work done only while {@code leading} (among replicas: the holder of the engine work's lease). */
    public void begin(java.util.function.BooleanSupplier leading) {
        worker.begin(leading);
    }

    @Override
    public void close() {
        worker.close();
    }
}
