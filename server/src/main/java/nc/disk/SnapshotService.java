package nc.disk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Jdbi;

/** The snapshot operations of docs/api/vpc-disk.md §3.4: createSnapshot, describeSnapshot, deleteSnapshot. */
public final class SnapshotService {
    private static final Duration CLIENT_TOKEN_WINDOW = Duration.ofHours(24);

    private final Jdbi jdbi;
    private final DiskQuotas quotas;
    private final DiskWorker worker;
    private final Clock clock;
    private final DiskRepository disks = new DiskRepository();
    private final SnapshotRepository snapshots = new SnapshotRepository();
    private final ClientTokens tokens = new ClientTokens();

    SnapshotService(Jdbi jdbi, DiskQuotas quotas, DiskWorker worker, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.worker = worker;
        this.clock = clock;
    }

    /** Checks: the disk exists (404), it is available or in-use (400), the quota has room (429). */
    public String create(String account, String region, CreateSnapshotRequest body) {
        NewSnapshot spec = DiskRules.check(body);
        Optional<String> earlier = jdbi.withHandle(h -> earlier(h, account, region, spec.clientToken()));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Outcome outcome = jdbi.inTransaction(h -> {
            quotas.lock(h, account);
            Optional<String> raced = earlier(h, account, region, spec.clientToken());
            if (raced.isPresent()) {
                return new Outcome(raced.get(), false);
            }
            Disk disk = disks.find(h, account, region, spec.diskId()).orElseThrow(() -> CloudDiskService.notFound(spec.diskId()));
            StatusRule.SNAPSHOT_SOURCE.require(disk.diskId(), disk.status());
            quotas.checkSnapshots(h, account, region, 1);
            Instant now = clock.instant();
            Snapshot snapshot = new Snapshot(Ids.resource("snapshot-"), account, region, disk.diskId(), spec.name(),
                    spec.description(), disk.sizeGb(), Snapshot.CREATING, now);
            snapshots.insert(h, snapshot);
            tokens.insert(h, account, region, ClientTokens.CREATE_SNAPSHOT, spec.clientToken(), List.of(snapshot.snapshotId()), now);
            return new Outcome(snapshot.snapshotId(), true);
        });
        if (outcome.fresh()) {
            worker.snapshot(outcome.snapshotId());
        }
        return outcome.snapshotId();
    }

    /** The id to answer with; fresh unless a concurrent call with the same clientToken made it. */
    private record Outcome(String snapshotId, boolean fresh) {
    }

    private Optional<String> earlier(org.jdbi.v3.core.Handle h, String account, String region, String token) {
        return tokens.find(h, account, region, ClientTokens.CREATE_SNAPSHOT, token, clock.instant().minus(CLIENT_TOKEN_WINDOW))
                .map(ids -> ids.get(0));
    }

    public Snapshot describe(String account, String region, String snapshotId) {
        return jdbi.withHandle(h -> snapshots.find(h, account, region, snapshotId)).orElseThrow(() -> notFound(snapshotId));
    }

    /** Allowed when available, error_create or error_delete; disks made from the snapshot are not affected. */
    public void delete(String account, String region, String snapshotId) {
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            Snapshot snapshot = snapshots.find(h, account, region, snapshotId).orElseThrow(() -> notFound(snapshotId));
            StatusRule.DELETE_SNAPSHOT.require(snapshotId, snapshot.status());
            snapshots.transition(h, snapshotId, Set.copyOf(StatusRule.DELETE_SNAPSHOT.allowed()), Snapshot.DELETING);
        });
        worker.deleteSnapshot(snapshotId);
    }

    private static ServiceException notFound(String snapshotId) {
        return ServiceException.notFound("snapshot " + snapshotId + " not found");
    }
}
