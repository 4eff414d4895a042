package nc.network.eip;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nc.api.Filter;
import nc.billing.Charge;
import nc.billing.ChargeMode;
import nc.billing.ChargeStatus;
import nc.common.Ids;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import nc.network.Cidr;
import nc.network.FilterMatch;
import nc.network.NetworkQuota;
import nc.network.NetworkQuotas;
import nc.api.TagFilter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Elastic IPs (docs/api/vpc-disk.md §2.5, §4, §6): allocated lowest-free from the region's pool, bound
 * to containers' primary addresses as data; the {@link ElasticIpBinder} does the host side after
 * each commit.
 */
public final class ElasticIpService {
    private final Jdbi jdbi;
    private final NetworkQuotas quotas;
    private final ElasticIpPools pools;
    private final ElasticIpBinder binder;
    private final Clock clock;
    private final ElasticIpRepository eips = new ElasticIpRepository();

    public ElasticIpService(Jdbi jdbi, NetworkQuotas quotas, ElasticIpPools pools, ElasticIpBinder binder, Clock clock) {
        this.jdbi = jdbi;
        this.quotas = quotas;
        this.pools = pools;
        this.binder = binder;
        this.clock = clock;
    }

    /**
     * Body → a chosen address must be in the pool (400) and free (400 FAILED_PRECONDITION) → quota
     * (429) → all {@code maxCount} addresses or none (503). With dryRun nothing is created (empty).
     */
    public Optional<List<String>> create(String account, String region, CreateElasticIpsRequest request) {
        ElasticIpRules.NewElasticIps spec = ElasticIpRules.check(request);
        return jdbi.inTransaction(h -> {
            ElasticIpPool pool = pools.of(h, region);
            if (spec.address() != null && !pool.contains(spec.address())) {
                throw ServiceException.invalid("elasticIpAddress", Cidr.format(spec.address())
                        + " is not an address of the elastic IP pool of " + region);
            }
            quotas.lock(h, account);
            eips.lockAllocation(h);
            Set<Long> taken = eips.allocated(h);
            if (spec.address() != null && taken.contains(spec.address())) {
                throw ServiceException.failedPrecondition("elastic IP address " + Cidr.format(spec.address()) + " is already allocated");
            }
            Set<Long> elsewhere = heldElsewhere();
            if (spec.address() != null && elsewhere.contains(spec.address())) {
                throw ServiceException.failedPrecondition("elastic IP address " + Cidr.format(spec.address())
                        + " is in use on this host by another installation");
            }
            taken.addAll(elsewhere);
            quotas.check(h, account, NetworkQuota.ELASTIC_IP, null, () -> eips.count(h, account, region), spec.count());
            List<Long> addresses = spec.address() != null ? List.of(spec.address()) : pool.lowestFree(taken, spec.count());
            if (addresses.size() < spec.count()) {
                throw new ServiceException(ErrorStatus.UNAVAILABLE, "the elastic IP pool of " + region + " has "
                        + addresses.size() + " free addresses, " + spec.count() + " requested");
            }
            if (spec.dryRun()) {
                return Optional.<List<String>>empty();
            }
            Instant now = clock.instant();
            Charge charge = Charge.start(spec.chargeMode(), spec.chargeUnit(), spec.chargeDuration(), now);
            List<String> ids = new ArrayList<>();
            for (long address : addresses) {
                ElasticIp eip = new ElasticIp(Ids.resource("fip-"), account, region, Cidr.format(address), spec.bandwidthMbps(),
                        spec.provider(), charge, null, false, spec.tags(), now);
                eips.insert(h, eip);
                ids.add(eip.elasticIpId());
            }
            return Optional.of(ids);
        });
    }

    public ElasticIp describe(String account, String region, String id) {
        return jdbi.withHandle(h -> find(h, account, region, id));
    }

    /** Filters elasticIpIds, elasticIpAddress, chargeStatus, ipType, status; tag filters AND-ed. */
    public List<ElasticIp> list(String account, String region, List<Filter> filters, List<TagFilter> tags) {
        return jdbi.withHandle(h -> eips.list(h, account, region)).stream()
                .filter(e -> filters.stream().allMatch(f -> matches(f, e)))
                .filter(e -> tags.stream().allMatch(t -> e.tags().stream()
                        .anyMatch(tag -> tag.key().equals(t.key()) && t.values().contains(tag.value()))))
                .toList();
    }

    private static boolean matches(Filter f, ElasticIp e) {
        String value = f.values().get(0);
        return switch (f.name()) {
            case "elasticIpIds" -> FilterMatch.exact(f, e.elasticIpId());
            case "elasticIpAddress" -> FilterMatch.exact(f, e.address());
            case "chargeStatus" -> {
                if (!ChargeStatus.isValid(value)) {
                    throw ServiceException.invalid("filters.chargeStatus", "must be normal, overdue or arrear");
                }
                yield e.charge().chargeStatus().equals(value);
            }
            case "ipType" -> FilterMatch.standardKind(f, "filters.ipType");
            case "status" -> switch (value) {
                case "ALL" -> true;
                case ElasticIp.ASSOCIATED, ElasticIp.NOT_ASSOCIATED -> e.status().equals(value);
                default -> throw ServiceException.invalid("filters.status", "must be ASSOCIATED, NOT_ASSOCIATED or ALL");
            };
            default -> throw new IllegalArgumentException("unexpected filter " + f.name());
        };
    }

    /** Refused while bound, or while prepaid and not expired; otherwise the address returns to the pool. */
    public void delete(String account, String region, String id) {
        jdbi.useTransaction(h -> {
            ElasticIp e = find(h, account, region, id);
            if (e.boundTo() != null) {
                throw ServiceException.failedPrecondition("elastic IP " + id + " is bound to container " + e.boundTo().containerId()
                        + "; disassociate it first");
            }
            if (ChargeMode.isPrepaid(e.charge().chargeMode()) && ChargeStatus.NORMAL.equals(e.charge().chargeStatus())) {
                throw ServiceException.failedPrecondition("elastic IP " + id + " is prepaid and not expired; it can be deleted"
                        + " once its chargeStatus is overdue");
            }
            eips.delete(h, id);
        });
    }

    // ---- containers -------------------------------------------------------------------------------

    public ElasticIp find(Handle h, String account, String region, String id) {
        return eips.find(h, account, region, id).orElseThrow(() -> ServiceException.notFound("elastic IP " + id + " not found"));
    }

    /**
     * A new elastic IP bound to a new container (docs/api/nc.md rule 12, §5.1), inside the create's
     * transaction; empty when the region's pool has no free address. The container's EIPs are not
     * held to the EIP quota (docs/api/vpc-disk.md §5), but they count toward it.
     */
    public Optional<ElasticIp> allocateFor(Handle h, String account, String region, int bandwidthMbps, String provider,
            Charge charge, ContainerInterface to) {
        eips.lockAllocation(h);
        Set<Long> taken = eips.allocated(h);
        taken.addAll(heldElsewhere());
        List<Long> free = pools.of(h, region).lowestFree(taken, 1);
        if (free.isEmpty()) {
            return Optional.empty();
        }
        ElasticIp eip = new ElasticIp(Ids.resource("fip-"), account, region, Cidr.format(free.get(0)), bandwidthMbps, provider,
                charge, to, true, List.of(), clock.instant());
        eips.insert(h, eip);
        h.afterCommit(() -> binder.bind(eip.binding()));
        return Optional.of(eip);
    }

    /** Addresses another installation on this host routes (see {@link ElasticIpBinder#heldElsewhere}). */
    private Set<Long> heldElsewhere() {
        Set<Long> out = new java.util.HashSet<>();
        binder.heldElsewhere().forEach(a -> Cidr.parseAddress(a).ifPresent(out::add));
        return out;
    }

    /** Binds a free elastic IP (rule 40): FAILED_PRECONDITION when it is bound to something else or not in good standing. */
    public ElasticIp bind(Handle h, ElasticIp eip, ContainerInterface to) {
        if (eip.boundTo() != null) {
            throw ServiceException.failedPrecondition("elastic IP " + eip.elasticIpId() + " is already bound to container "
                    + eip.boundTo().containerId());
        }
        if (!ChargeStatus.NORMAL.equals(eip.charge().chargeStatus())) {
            throw ServiceException.failedPrecondition("elastic IP " + eip.elasticIpId() + " is " + eip.charge().chargeStatus()
                    + "; only an elastic IP in normal standing can be bound");
        }
        if (!eips.bind(h, eip.elasticIpId(), to)) {
            throw ServiceException.failedPrecondition("elastic IP " + eip.elasticIpId() + " was bound meanwhile; try again");
        }
        ElasticIp bound = eips.findById(h, eip.elasticIpId()).orElseThrow();
        h.afterCommit(() -> binder.bind(bound.binding()));
        return bound;
    }

    /** Unbinds it from the container (rule 41); it stays allocated to the account as a free elastic IP. */
    public void unbind(Handle h, ElasticIp eip, String containerId) {
        ElasticIpBinding was = eip.binding();
        if (!eips.unbind(h, eip.elasticIpId(), containerId)) {
            throw ServiceException.failedPrecondition("elastic IP " + eip.elasticIpId() + " is not bound to container " + containerId);
        }
        h.afterCommit(() -> binder.unbind(was));
    }

    /** With the container's interface (docs/api/nc.md §5.4): the elastic IP made with it is deleted, one bound later is unbound. */
    public void releaseContainer(Handle h, String containerId) {
        for (ElasticIp e : eips.boundTo(h, containerId)) {
            if (e.madeWithContainer()) {
                eips.delete(h, e.elasticIpId());
            } else {
                eips.unbind(h, e.elasticIpId(), containerId);
            }
            ElasticIpBinding was = e.binding();
            h.afterCommit(() -> binder.unbind(was));
        }
    }

    /** The bindings of these containers, as the host must have them (of one VPC: a reconcile reads only its own). */
    public List<ElasticIpBinding> bindingsOf(java.util.Collection<String> containerIds) {
        return jdbi.withHandle(h -> eips.boundToAny(h, containerIds)).stream().map(ElasticIp::binding).toList();
    }

    /** The elastic IP bound to this container, if any. */
    public Optional<ElasticIpBinding> bindingOf(String containerId) {
        return jdbi.withHandle(h -> eips.boundTo(h, containerId)).stream().map(ElasticIp::binding).findFirst();
    }

    /** Re-applies every binding on the host (at start: the host may have lost them). */
    public void rebindAll() {
        jdbi.withHandle(eips::allBound).forEach(e -> binder.bind(e.binding()));
    }

    /** The operator's lever on billing (expiry, arrears), so that the billing rules can be exercised. */
    public ElasticIp setCharge(String id, String chargeStatus, Instant expiry, boolean setExpiry) {
        if (chargeStatus != null && !ChargeStatus.isValid(chargeStatus)) {
            throw ServiceException.invalid("chargeStatus", "one of normal, overdue, arrear");
        }
        return jdbi.inTransaction(h -> {
            if (!eips.setCharge(h, id, chargeStatus, expiry, setExpiry)) {
                throw ServiceException.notFound("elastic IP " + id + " not found");
            }
            return eips.findById(h, id).orElseThrow();
        });
    }

    /** Elastic IPs of the account in the region, for the EIP quota's {@code used}. */
    public long count(String account, String region) {
        return jdbi.withHandle(h -> eips.count(h, account, region));
    }
}
