package nc.disk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import nc.billing.Charge;
import nc.billing.ChargeMode;
import nc.billing.ChargeStatus;
import nc.common.Ids;
import nc.error.ServiceException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The disk operations of docs/api/vpc-disk.md §3.4: checks in the order of §1.5 inside one transaction
 * (the account row lock serialises them with other creates and deletes), then the host work handed
 * to the {@link DiskWorker}.
 */
public final class CloudDiskService {
    private static final Duration CLIENT_TOKEN_WINDOW = Duration.ofHours(24);

    private final Jdbi jdbi;
    private final DiskQuotas quotas;
    private final DiskWorker worker;
    private final DiskRules rules;
    private final Clock clock;
    private final DiskRepository disks = new DiskRepository();
    private final SourceSnapshots sources = new SourceSnapshots();
    private final SnapshotRepository snapshots = new SnapshotRepository();
    private final ClientTokens tokens = new ClientTokens();

    CloudDiskService(Jdbi jdbi, DiskQuotas quotas, DiskWorker worker,
            Function<String, Set<String>> zonesOfRegion, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.worker = worker;
        this.rules = new DiskRules(zonesOfRegion);
        this.clock = clock;
    }

    public List<String> create(String account, String region, CreateDisksRequest body) {
        NewDisks spec = rules.check(region, body);
        Optional<List<String>> earlier = jdbi.withHandle(h -> earlier(h, account, region, spec.clientToken()));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Created created = jdbi.inTransaction(h -> insert(h, account, region, spec));
        created.fresh().forEach(worker::provision);
        return created.ids();
    }

    /** The ids to answer with, and those this call made (none when a concurrent call with the token won). */
    private record Created(List<String> ids, List<String> fresh) {
    }

    private Created insert(Handle h, String account, String region, NewDisks spec) {
        quotas.lock(h, account);
        Optional<List<String>> earlier = earlier(h, account, region, spec.clientToken());
        if (earlier.isPresent()) {
            return new Created(earlier.get(), List.of());
        }
        if (spec.snapshotId() != null) {
            sources.requireUsable(h, account, region, spec.snapshotId(), spec.sizeGb(), "diskSpec.diskSizeGB");
        }
        quotas.checkDisks(h, account, region, spec.maxCount());
        Instant now = clock.instant();
        Charge charge = Charge.start(spec.chargeMode(), spec.chargeUnit(), spec.chargeDuration(), now);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < spec.maxCount(); i++) {
            Disk disk = new Disk(Ids.resource("vol-"), account, region, spec.az(), spec.nameOf(i), spec.description(), spec.diskType(),
                    spec.sizeGb(), Disk.CREATING, null, charge.chargeMode(), charge.chargeStatus(), charge.chargeExpiredTime(), false,
                    now, spec.snapshotId());
            disks.insert(h, disk);
            disks.insertTags(h, disk.diskId(), spec.tags());
            ids.add(disk.diskId());
        }
        tokens.insert(h, account, region, ClientTokens.CREATE_DISKS, spec.clientToken(), ids, now);
        return new Created(ids, ids);
    }

    private Optional<List<String>> earlier(Handle h, String account, String region, String token) {
        return tokens.find(h, account, region, ClientTokens.CREATE_DISKS, token, clock.instant().minus(CLIENT_TOKEN_WINDOW));
    }

    public DescribedDisk describe(String account, String region, String diskId) {
        return jdbi.withHandle(h -> {
            Disk disk = disks.find(h, account, region, diskId).orElseThrow(() -> notFound(diskId));
            return details(h, List.of(disk)).get(0);
        });
    }

    public record PageOf(List<DescribedDisk> items, long total) {
    }

    PageOf list(String account, String region, DescribeDisksQuery query) {
        DiskQuery sql = new DiskQuery(query.filters(), query.tags(), query.ascending());
        return jdbi.withHandle(h -> {
            DiskRepository.PageOf page = disks.list(h, account, region, sql, query.page().offset(), query.page().size());
            return new PageOf(details(h, page.items()), page.total());
        });
    }

    private List<DescribedDisk> details(Handle h, List<Disk> list) {
        List<String> ids = list.stream().map(Disk::diskId).toList();
        Map<String, List<Attachment>> attachments = disks.attachmentsOfDisks(h, ids);
        Map<String, List<Tag>> tags = disks.tagsOf(h, ids);
        return list.stream().map(d -> new DescribedDisk(d, attachments.getOrDefault(d.diskId(), List.of()),
                tags.getOrDefault(d.diskId(), List.of()))).toList();
    }

    /** deleteDisk: status, then billing, then snapshots being taken; the disk goes deleting, then away. */
    public void delete(String account, String region, String diskId) {
        jdbi.useTransaction(h -> {
            quotas.lock(h, account);
            Disk disk = disks.find(h, account, region, diskId).orElseThrow(() -> notFound(diskId));
            StatusRule.DELETE_DISK.require(diskId, disk.status());
            if (ChargeMode.isPrepaid(disk.chargeMode()) && ChargeStatus.NORMAL.equals(disk.chargeStatus())) {
                throw ServiceException.failedPrecondition("disk " + diskId + " is prepaid_by_duration and has not expired;"
                        + " only pay-by-configuration disks and expired prepaid ones can be deleted");
            }
            if (snapshots.anyCreatingOf(h, diskId)) {
                throw ServiceException.failedPrecondition("disk " + diskId + " has a snapshot being created;"
                        + " deleteDisk can follow once it is available");
            }
            disks.transition(h, diskId, Set.copyOf(StatusRule.DELETE_DISK.allowed()), Disk.DELETING);
        });
        worker.destroy(diskId);
    }

    /** The operator's lever on a disk's billing state (arrears, expiry), as for containers. */
    public Disk setCharge(String diskId, String chargeStatus, Instant expiry, boolean setExpiry) {
        if (chargeStatus != null && !ChargeStatus.isValid(chargeStatus)) {
            throw ServiceException.invalid("chargeStatus", "one of normal, overdue, arrear");
        }
        return jdbi.inTransaction(h -> {
            disks.find(h, diskId).orElseThrow(() -> notFound(diskId));
            disks.setCharge(h, diskId, chargeStatus, expiry, setExpiry);
            return disks.find(h, diskId).orElseThrow();
        });
    }

    static ServiceException notFound(String diskId) {
        return ServiceException.notFound("disk " + diskId + " not found");
    }
}
