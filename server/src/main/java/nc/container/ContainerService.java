package nc.container;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nc.account.Account;
import nc.account.AccountService;
import nc.api.Filter;
import nc.billing.BillingRules;
import nc.billing.Charge;
import nc.billing.ChargeStatus;
import nc.container.spec.ContainerSpecValidator;
import nc.container.spec.CreateContainersRequest;
import nc.container.spec.ValidatedCreate;
import nc.container.spec.ValidatedCreate.VolumePlan;
import nc.disk.Disk;
import nc.disk.DiskService;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import nc.network.NetworkService;
import nc.network.eip.ContainerInterface;
import nc.network.eip.ElasticIp;
import nc.network.SecurityGroup;
import nc.network.Subnet;
import nc.quota.QuotaService;
import nc.quota.ResourceType;
import nc.runtime.ContainerRuntime;
import nc.runtime.LogQuery;
import nc.secret.SecretService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The container operations of docs/api/nc.md §5.1–5.7 and §5.10: the checks in the spec's order, the
 * records written in one transaction, and the engine work handed to the {@link ContainerWorker}.
 */
public final class ContainerService {
    private static final Duration CLIENT_TOKEN_WINDOW = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final ContainerRepository containers;
    private final CreateTokens tokens;
    private final ContainerSpecValidator validator;
    private final AccountService accounts;
    private final QuotaService quotas;
    private final NetworkService network;
    private final DiskService disks;
    private final SecretService secrets;
    private final ContainerRuntime runtime;
    private final ContainerWorker worker;
    private final ContainerElasticIps elasticIps;
    private final InstanceTypes instanceTypes;
    private final Clock clock;

    public ContainerService(Jdbi jdbi, ContainerSpecValidator validator, AccountService accounts, QuotaService quotas,
            NetworkService network, DiskService disks, SecretService secrets, ContainerRuntime runtime, ContainerWorker worker,
            ContainerElasticIps elasticIps, InstanceTypes instanceTypes, Clock clock) {
        this.jdbi = jdbi;
        this.containers = new ContainerRepository(jdbi);
        this.tokens = new CreateTokens();
        this.validator = validator;
        this.accounts = accounts;
        this.quotas = quotas;
        this.network = network;
        this.disks = disks;
        this.secrets = secrets;
        this.runtime = runtime;
        this.worker = worker;
        this.elasticIps = elasticIps;
        this.instanceTypes = instanceTypes;
        this.clock = clock;
        quotas.countWith(ResourceType.CONTAINER, containers::count);
    }

    /** The private address of the running container with this hostname in the VPC (the VPC resolver's names). */
    public Optional<String> privateAddressOf(String vpcId, String hostname) {
        return containers.runningAddressOf(vpcId, hostname);
    }

    public List<String> create(String account, String region, CreateContainersRequest body) {
        ValidatedCreate spec = validator.validate(region, body);
        instanceTypes.requireOffered(spec.instanceType(), region, spec.az(), "containerSpec.instanceType");
        if (spec.imageCacheId() != null) {
            throw ServiceException.notFound("image cache " + spec.imageCacheId() + " not found");
        }
        Account owner = accounts.require(account);
        if (!owner.realNameVerified()) {
            throw ServiceException.permissionDenied("account " + account + " has not passed real-name verification;"
                    + " createContainers needs it");
        }
        if (spec.clientToken() != null) {
            Optional<List<String>> earlier = jdbi.withHandle(h -> tokens.find(h, account, region, spec.clientToken(),
                    clock.instant().minus(CLIENT_TOKEN_WINDOW)));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        if (!runtime.available()) {
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "the container engine is unreachable; try again later");
        }
        List<String> ids = jdbi.inTransaction(h -> reserve(h, account, region, spec));
        if (ids.isEmpty()) {
            // a concurrent call with the same clientToken created them
            return jdbi.withHandle(h -> tokens.find(h, account, region, spec.clientToken(), Instant.EPOCH)).orElseThrow();
        }
        // existing data disks to format before their first mount (formatVolume); only with maxCount 1
        Set<String> format = spec.dataVolumes().stream().filter(v -> v.existingDiskId() != null && v.formatVolume())
                .map(VolumePlan::existingDiskId).collect(java.util.stream.Collectors.toSet());
        ids.forEach(id -> worker.provisionNew(id, format));
        return ids;
    }

    /** References, cross-checks, quota, then addresses, disks and records: all or nothing. */
    private List<String> reserve(Handle h, String account, String region, ValidatedCreate spec) {
        if (spec.clientToken() != null) {
            // Under the account's lock, so two concurrent calls with one token create once.
            accounts.repository().lock(h, account);
            Optional<List<String>> earlier = tokens.find(h, account, region, spec.clientToken(),
                    clock.instant().minus(CLIENT_TOKEN_WINDOW));
            if (earlier.isPresent()) {
                return List.of();
            }
        }
        String nicPath = "containerSpec.primaryNetworkInterface.networkInterface";
        Subnet subnet = network.subnet(h, account, region, spec.subnetId())
                .orElseThrow(() -> ServiceException.notFound("subnet " + spec.subnetId() + " not found"));
        List<SecurityGroup> groups = new ArrayList<>();
        for (String id : spec.securityGroups()) {
            groups.add(network.securityGroup(h, account, region, id)
                    .orElseThrow(() -> ServiceException.notFound("security group " + id + " not found")));
        }
        if (spec.secret() != null) {
            secrets.describe(account, region, spec.secret());
        }
        List<Disk> existing = existingDisks(h, account, region, spec);
        for (SecurityGroup g : groups) {
            if (!g.vpcId().equals(subnet.vpcId())) {
                throw ServiceException.invalid(nicPath + ".securityGroups", "security group " + g.securityGroupId()
                        + " belongs to " + g.vpcId() + ", not to the subnet's VPC " + subnet.vpcId());
            }
        }
        checkExistingDisks(existing, spec);
        checkSourceSnapshots(h, account, region, spec);
        if (spec.primaryIpAddress() != null) {
            NetworkService.checkRequestedAddress(subnet, spec.primaryIpAddress(), nicPath + ".primaryIpAddress");
        }
        quotas.reserve(h, account, region, ResourceType.CONTAINER, spec.maxCount());

        Instant now = clock.instant();
        Charge charge = Charge.start(spec.charge().chargeMode(), spec.charge().chargeUnit(), spec.charge().chargeDuration(), now);
        List<String> ids = new ArrayList<>();
        boolean eipPoolDry = false;
        for (int i = 0; i < spec.maxCount(); i++) {
            String id = nc.common.Ids.resource("c-");
            Optional<String> ip = network.hold(h, subnet, spec.primaryIpAddress(), id);
            if (ip.isEmpty()) {
                break;
            }
            String nicId = nc.common.Ids.resource("port-");
            Optional<ElasticIp> eip = Optional.empty();
            if (spec.elasticIp() != null) {
                eip = elasticIps.allocateFor(h, account, region, spec.elasticIp(), charge, new ContainerInterface(id, nicId, ip.get()));
                if (eip.isEmpty()) {
                    network.release(h, id);
                    eipPoolDry = true;
                    break;
                }
            }
            containers.insert(h, record(id, account, region, spec, subnet, ip.get(), nicId, eip.orElse(null), charge, now),
                    spec.securityGroups());
            containers.insertTags(h, id, spec.tags());
            attachDisks(h, id, account, region, spec, existing, charge);
            ids.add(id);
        }
        if (ids.isEmpty() && eipPoolDry) {
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "containerSpec.elasticIp: the elastic IP pool of " + region
                    + " has no free address");
        }
        if (ids.isEmpty()) {
            throw ServiceException.failedPrecondition("subnet " + subnet.subnetId() + " has no free IP address");
        }
        if (spec.clientToken() != null) {
            tokens.insert(h, account, region, spec.clientToken(), ids, now);
        }
        return ids;
    }

    private List<Disk> existingDisks(Handle h, String account, String region, ValidatedCreate spec) {
        List<Disk> found = new ArrayList<>();
        for (VolumePlan v : volumes(spec)) {
            if (v.existingDiskId() != null) {
                found.add(disks.find(h, account, region, v.existingDiskId())
                        .orElseThrow(() -> ServiceException.notFound("disk " + v.existingDiskId() + " not found")));
            } else if (v.newDisk().snapshotId() != null) {
                disks.requireSnapshot(h, account, region, v.newDisk().snapshotId());
            }
        }
        return found;
    }

    private static void checkExistingDisks(List<Disk> existing, ValidatedCreate spec) {
        if (!existing.isEmpty() && spec.maxCount() > 1) {
            throw ServiceException.invalid("maxCount", "must be 1 when an existing disk (cloudDiskId) is used");
        }
        for (Disk d : existing) {
            if (!d.az().equals(spec.az())) {
                throw ServiceException.invalid("containerSpec.az", "disk " + d.diskId() + " is in " + d.az() + ", not in " + spec.az());
            }
            if (!Disk.AVAILABLE.equals(d.status())) {
                throw ServiceException.failedPrecondition("disk " + d.diskId() + " is " + d.status() + "; it must be available");
            }
        }
    }

    /** New disks made from a snapshot: it must be usable and fit (docs/api/vpc-disk.md §6, createDisks rules). */
    private void checkSourceSnapshots(Handle h, String account, String region, ValidatedCreate spec) {
        List<VolumePlan> volumes = volumes(spec);
        for (int i = 0; i < volumes.size(); i++) {
            VolumePlan v = volumes.get(i);
            if (v.newDisk() != null && v.newDisk().snapshotId() != null) {
                String field = (i == 0 ? "containerSpec.rootVolume" : "containerSpec.dataVolumes[" + (i - 1) + "]")
                        + ".cloudDiskSpec.diskSizeGB";
                disks.requireSourceSnapshot(h, account, region, v.newDisk().snapshotId(), v.newDisk().sizeGb(), field);
            }
        }
    }

    private void attachDisks(Handle h, String id, String account, String region, ValidatedCreate spec, List<Disk> existing,
            Charge charge) {
        List<VolumePlan> volumes = volumes(spec);
        for (int position = 0; position < volumes.size(); position++) {
            VolumePlan v = volumes.get(position);
            DiskService.Mount mount = new DiskService.Mount(id, position, v.mountPath(), v.readOnly(), v.autoDelete(), v.fsType());
            if (v.existingDiskId() != null) {
                Disk disk = existing.stream().filter(d -> d.diskId().equals(v.existingDiskId())).findFirst().orElseThrow();
                disks.attachExisting(h, disk, mount);
            } else {
                var n = v.newDisk();
                disks.createAttached(h, new DiskService.NewAttachedDisk(account, region, spec.az(), n.name(), n.description(),
                        n.diskType(), n.sizeGb(), v.fsType(), charge.chargeMode(), charge.chargeExpiredTime(), mount, n.snapshotId()));
            }
        }
    }

    private static List<VolumePlan> volumes(ValidatedCreate spec) {
        List<VolumePlan> all = new ArrayList<>();
        all.add(spec.rootVolume());
        all.addAll(spec.dataVolumes());
        return all;
    }

    private Container record(String id, String account, String region, ValidatedCreate s, Subnet subnet, String ip, String nicId,
            ElasticIp eip, Charge charge, Instant now) {
        ProcessSpec process = new ProcessSpec(s.command(), s.args(), s.envs(), s.hostAliases(), s.logConfiguration());
        return new Container(id, account, region, s.az(), s.name(), s.description(), ContainerStatus.PENDING, null,
                s.instanceType(), s.image().canonical(), s.secret(), s.hostname() != null ? s.hostname() : id, s.tty(),
                s.workingDir(), process, subnet.vpcId(), subnet.subnetId(), ip, nicId, newMac(),
                s.nicDescription(), s.sanityCheck(), now, charge, eip == null ? null : eip.elasticIpId(),
                eip == null ? null : eip.address(), null, now);
    }

    private static String newMac() {
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        return "fa:16:3e:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }

    public Container describe(String account, String region, String containerId) {
        return containers.find(account, region, containerId).orElseThrow(() -> notFound(containerId));
    }

    public void start(String account, String region, String containerId) {
        Container c = describe(account, region, containerId);
        Action.START.require(containerId, c.status());
        List<BillingRules.DiskCharge> diskCharges = jdbi.withHandle(h -> disks.attachedTo(h, containerId)).stream()
                .map(d -> new BillingRules.DiskCharge(d.disk().diskId(), d.disk().chargeStatus())).toList();
        BillingRules.checkStartable(containerId, c.charge(), diskCharges);
        move(c, Action.START, ContainerStatus.STARTING);
        worker.start(containerId);
    }

    public void stop(String account, String region, String containerId) {
        Container c = describe(account, region, containerId);
        Action.STOP.require(containerId, c.status());
        move(c, Action.STOP, ContainerStatus.STOPPING);
        worker.stop(containerId);
    }

    public void delete(String account, String region, String containerId) {
        Container c = describe(account, region, containerId);
        Action.DELETE.require(containerId, c.status());
        if (c.status() != ContainerStatus.ERROR) {
            BillingRules.checkDeletable(containerId, c.charge());
        }
        move(c, Action.DELETE, ContainerStatus.DELETING);
        worker.delete(containerId);
    }

    private static ServiceException notFound(String containerId) {
        return ServiceException.notFound("container " + containerId + " not found");
    }

    /** The status moves only if nobody moved it since it was read; otherwise the refusal names the new status. */
    private void move(Container c, Action action, ContainerStatus to) {
        if (!containers.transition(c.containerId(), action.allowed(), to, null, true)) {
            Container now = containers.find(c.containerId()).orElseThrow(() -> notFound(c.containerId()));
            action.require(c.containerId(), now.status());
            throw ServiceException.failedPrecondition("container " + c.containerId() + " changed status; try again");
        }
    }

    public void modify(String account, String region, String containerId, String name, String description) {
        if (name == null && description == null) {
            throw ServiceException.invalid("name", "name or description is required");
        }
        if (name != null) {
            ContainerSpecValidator.checkName("name", name);
        }
        if (description != null) {
            ContainerSpecValidator.description("description", description);
        }
        Container c = describe(account, region, containerId);
        Action.MODIFY.require(containerId, c.status());
        containers.modify(containerId, name, description);
    }

    /** docs/api/nc.md §5.10: sinceSeconds, then tailLines, then the first limitBytes bytes (whole UTF-8 characters). */
    public String logs(String account, String region, String containerId, Integer sinceSeconds, Integer tailLines, int limitBytes) {
        Container c = describe(account, region, containerId);
        Action.GET_LOGS.require(containerId, c.status());
        if (c.engineId() == null) {
            return "";
        }
        String text = worker.logs(c, new LogQuery(sinceSeconds, tailLines));
        return Utf8.firstBytes(text, limitBytes);
    }

    /** A container and what its wire view needs, read on one connection. */
    public record Described(Container container, ContainerDetails details) {
    }

    /** A page of containers with what their wire views need, the total of matching containers, read on one connection. */
    public record DescribedPage(List<Container> items, ContainerDetails details, long total) {
    }

    /** describeContainer: the container (not found unless it is the caller's, in this region) and its details. */
    public Described describeWithDetails(String account, String region, String containerId) {
        return jdbi.withHandle(h -> {
            Container c = containers.find(h, account, region, containerId).orElseThrow(() -> notFound(containerId));
            return new Described(c, details(h, List.of(c)));
        });
    }

    /** describeContainers: a page and its details. */
    public DescribedPage listWithDetails(String account, String region, List<Filter> filters, List<nc.api.TagFilter> tags,
            long offset, int limit) {
        ContainerQuery query = new ContainerQuery(filters, tags);
        return jdbi.withHandle(h -> {
            ContainerRepository.PageOf page = containers.list(h, account, region, query, offset, limit);
            return new DescribedPage(page.items(), details(h, page.items()), page.total());
        });
    }

    /** Disks, security groups and tags of these containers, for the wire view. */
    private ContainerDetails details(Handle h, List<Container> list) {
        List<String> ids = list.stream().map(Container::containerId).toList();
        var groupIds = containers.securityGroups(h, ids);
        List<String> allGroups = groupIds.values().stream().flatMap(List::stream).distinct().toList();
        var names = new java.util.HashMap<String, String>();
        network.securityGroups(h, allGroups).forEach(g -> names.put(g.securityGroupId(), g.name()));
        return new ContainerDetails(groupIds, names, disks.attachedTo(h, ids), containers.tags(h, ids));
    }

    /** The operator's lever on billing (arrears, expiry) so that the billing rules can be exercised. */
    public Container setCharge(String containerId, String chargeStatus, Instant expiry, boolean setExpiry) {
        if (chargeStatus != null && !ChargeStatus.isValid(chargeStatus)) {
            throw ServiceException.invalid("chargeStatus", "one of normal, overdue, arrear");
        }
        containers.find(containerId).orElseThrow(() -> notFound(containerId));
        containers.setCharge(containerId, chargeStatus, expiry, setExpiry);
        return containers.find(containerId).orElseThrow();
    }
}
