package nc.container;

import java.util.Optional;
import nc.account.AccountService;
import nc.billing.Charge;
import nc.billing.ChargeMode;
import nc.container.spec.ValidatedCreate.EipPlan;
import nc.error.ServiceException;
import nc.network.eip.ContainerInterface;
import nc.network.eip.ElasticIp;
import nc.network.eip.ElasticIpService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Elastic IPs on containers' primary IPs: the one createContainers makes (rules 12, 17, 28) and
 * associateElasticIp / disassociateElasticIp (docs/api/nc.md §5.8–5.9, rules 2, 40, 41), synchronous:
 * on return describeContainer shows the change.
 */
public final class ContainerElasticIps {
    private final Jdbi jdbi;
    private final ContainerRepository containers;
    private final AccountService accounts;
    private final ElasticIpService elasticIps;

    public ContainerElasticIps(Jdbi jdbi, AccountService accounts, ElasticIpService elasticIps) {
        this.jdbi = jdbi;
        this.containers = new ContainerRepository(jdbi);
        this.accounts = accounts;
        this.elasticIps = elasticIps;
    }

    /**
     * A new elastic IP for a new container, inside createContainers' transaction; empty when the
     * region's pool is dry. Rule 28: its own charge only as postpaid_by_usage, else the container's.
     */
    Optional<ElasticIp> allocateFor(Handle h, String account, String region, EipPlan plan, Charge containerCharge,
            ContainerInterface to) {
        Charge charge = plan.ownChargeByUsage()
                ? Charge.start(ChargeMode.POSTPAID_BY_USAGE, null, null, containerCharge.chargeStartTime())
                : containerCharge;
        return elasticIps.allocateFor(h, account, region, plan.bandwidthMbps(), plan.provider(), charge, to);
    }

    /** 403 for a blacklisted account; 404 for an unknown container or EIP; then status, one EIP per container, EIP free. */
    public void associate(String account, String region, String containerId, String elasticIpId) {
        required(elasticIpId);
        if (accounts.require(account).blacklisted()) {
            throw ServiceException.permissionDenied("account " + account + " is blacklisted; associateElasticIp is not allowed");
        }
        jdbi.useTransaction(h -> {
            Container c = container(h, account, region, containerId);
            ElasticIp eip = elasticIps.find(h, account, region, elasticIpId);
            Action.ELASTIC_IP.require(containerId, c.status());
            if (c.elasticIpId() != null) {
                throw ServiceException.failedPrecondition("container " + containerId + " already has elastic IP " + c.elasticIpId()
                        + " on its primary IP; disassociate it first");
            }
            ElasticIp bound = elasticIps.bind(h, eip, new ContainerInterface(containerId, c.nicId(), c.privateIp()));
            if (!containers.setElasticIp(h, containerId, null, bound.elasticIpId(), bound.address(), Action.ELASTIC_IP.allowed())) {
                throw ServiceException.failedPrecondition("container " + containerId + " changed meanwhile; try again");
            }
        });
    }

    /** The EIP must be the one on the container's primary IP; it stays with the account, unbound. */
    public void disassociate(String account, String region, String containerId, String elasticIpId) {
        required(elasticIpId);
        jdbi.useTransaction(h -> {
            Container c = container(h, account, region, containerId);
            ElasticIp eip = elasticIps.find(h, account, region, elasticIpId);
            Action.ELASTIC_IP.require(containerId, c.status());
            if (c.elasticIpId() == null) {
                throw ServiceException.failedPrecondition("container " + containerId + " has no elastic IP");
            }
            if (!c.elasticIpId().equals(elasticIpId)) {
                throw ServiceException.failedPrecondition("elastic IP " + elasticIpId + " is not bound to container " + containerId
                        + "; its primary IP has " + c.elasticIpId());
            }
            elasticIps.unbind(h, eip, containerId);
            if (!containers.setElasticIp(h, containerId, elasticIpId, null, null, Action.ELASTIC_IP.allowed())) {
                throw ServiceException.failedPrecondition("container " + containerId + " changed meanwhile; try again");
            }
        });
    }

    private Container container(Handle h, String account, String region, String containerId) {
        return containers.find(h, containerId).filter(c -> c.accountId().equals(account) && c.regionId().equals(region))
                .orElseThrow(() -> ServiceException.notFound("container " + containerId + " not found"));
    }

    private static void required(String elasticIpId) {
        if (elasticIpId == null || elasticIpId.isEmpty()) {
            throw ServiceException.invalid("elasticIpId", "required");
        }
    }
}
