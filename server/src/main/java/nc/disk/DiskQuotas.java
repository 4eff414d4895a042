package nc.disk;

import nc.account.AccountRepository;
import nc.error.ServiceException;
import nc.quota.AccountQuotas;
import org.jdbi.v3.core.Handle;

/**
 * The quotas of docs/api/vpc-disk.md §5 that the disk service checks: {@code disk} (40 per region) on
 * createDisks and {@code snapshot} (15 per region) on createSnapshot. {@code used} counts every
 * disk or snapshot of the account in the region, those made by createContainers and those in
 * transitional or error states included. The operator changes the limits per account under these names.
 */
final class DiskQuotas {
    static final String DISK = "disk";
    static final String SNAPSHOT = "snapshot";

    private final AccountQuotas limits;
    private final AccountRepository accounts;
    private final DiskRepository disks = new DiskRepository();
    private final SnapshotRepository snapshots = new SnapshotRepository();

    DiskQuotas(AccountQuotas limits, AccountRepository accounts) {
        this.limits = limits;
        this.accounts = accounts;
        limits.define(DISK, 40);
        limits.define(SNAPSHOT, 15);
    }

    /** Serialises the account's disk and snapshot changes until the transaction ends. */
    void lock(Handle h, String accountId) {
        accounts.lock(h, accountId);
    }

    /** 429 unless {@code wanted} more disks fit; all or nothing. */
    void checkDisks(Handle h, String accountId, String regionId, int wanted) {
        check(h, accountId, DISK, disks.count(h, accountId, regionId), wanted);
    }

    void checkSnapshots(Handle h, String accountId, String regionId, int wanted) {
        check(h, accountId, SNAPSHOT, snapshots.count(h, accountId, regionId), wanted);
    }

    private void check(Handle h, String accountId, String quota, long used, int wanted) {
        lock(h, accountId);
        int limit = limits.limit(h, accountId, quota);
        if (used + wanted > limit) {
            throw ServiceException.quotaExceeded(quota + " quota exceeded: limit " + limit + ", used " + used
                    + (wanted > 1 ? ", " + wanted + " more requested" : ""));
        }
    }
}
