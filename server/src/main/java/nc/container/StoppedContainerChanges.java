package nc.container;

import java.util.List;
import nc.container.spec.ContainerSpecValidator;
import nc.container.spec.EnvVar;
import nc.container.spec.ImageReference;
import nc.container.spec.RebuildRequest;
import nc.disk.AttachedDisk;
import nc.disk.DiskService;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import nc.runtime.RuntimeFailure;
import nc.secret.SecretService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only a stopped container allows (docs/api/nativecontainer.md §3.5, §3.6): a new image and start
 * configuration (rebuild) or a new instance type (resize). Both take effect by making the engine
 * container again from the row at the next start.
 */
public final class StoppedContainerChanges {
    private static final Logger LOG = LoggerFactory.getLogger(StoppedContainerChanges.class);

    private final Jdbi jdbi;
    private final ContainerRepository containers;
    private final ContainerService service;
    private final ContainerWorker worker;
    private final InstanceTypes instanceTypes;
    private final SecretService secrets;
    private final DiskService disks;
    private final nc.container.exec.ExecService execs;

    public StoppedContainerChanges(Jdbi jdbi, ContainerService service, ContainerWorker worker, InstanceTypes instanceTypes,
            SecretService secrets, DiskService disks, nc.container.exec.ExecService execs) {
        this.execs = execs;
        this.jdbi = jdbi;
        this.containers = new ContainerRepository(jdbi);
        this.service = service;
        this.worker = worker;
        this.instanceTypes = instanceTypes;
        this.secrets = secrets;
        this.disks = disks;
    }

    /** A rebuild that passed the body's checks; absent members have their defaults, not the old values. */
    private record Rebuild(String image, String secret, boolean tty, String workingDir, List<String> command,
                           List<String> args, List<EnvVar> envs) {
    }

    /**
     * Checks, then status rebuilding and the pull in the background: on success the new
     * configuration and status stopped in one commit, on failure stopped with the old one and a reason.
     */
    public void rebuild(String account, String region, String containerId, RebuildRequest body) {
        Rebuild plan = validate(body);
        Container c = service.describe(account, region, containerId);
        if (plan.secret() != null) {
            secrets.describe(account, region, plan.secret());
        }
        Action.REBUILD.require(containerId, c.status());
        if (!containers.transition(containerId, Action.REBUILD.allowed(), ContainerStatus.REBUILDING, null, true)) {
            Action.REBUILD.require(containerId, service.describe(account, region, containerId).status());
            throw ServiceException.failedPrecondition("container " + containerId + " changed status; try again");
        }
        worker.queue(containerId, current -> finishRebuild(current, plan));
    }

    private void finishRebuild(Container c, Rebuild plan) {
        if (c.status() != ContainerStatus.REBUILDING) {
            return;
        }
        try {
            worker.pull(c.containerId(), c.accountId(), c.regionId(), plan.image(), plan.secret());
            worker.forgetEngineContainer(c);
        } catch (RuntimeException e) {
            LOG.info("rebuild of {} onto {} failed", c.containerId(), plan.image(), e);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            containers.transition(c.containerId(), java.util.Set.of(ContainerStatus.REBUILDING), ContainerStatus.STOPPED,
                    "rebuild failed: " + (why.length() > 1900 ? why.substring(0, 1900) : why), false);
            return;
        }
        ProcessSpec process = new ProcessSpec(plan.command(), plan.args(), plan.envs(), c.process().hostAliases(),
                c.process().logConfiguration());
        containers.rebuilt(c.containerId(), plan.image(), plan.secret(), plan.tty(), plan.workingDir(), process);
        execs.forget(c.containerId());
    }

    private static Rebuild validate(RebuildRequest body) {
        ImageReference image = ImageReference.parse("image", body.image());
        List<String> command = ContainerSpecValidator.strings("command", body.command(), 256);
        List<String> args = ContainerSpecValidator.strings("args", body.args(), 2048);
        String workingDir = ContainerSpecValidator.workingDir("workingDir",
                body.workingDir() == null || body.workingDir().isEmpty() ? null : body.workingDir());
        List<EnvVar> envs = ContainerSpecValidator.envs("envs", body.envs());
        String secret = body.secret() == null || body.secret().isEmpty() ? null : body.secret();
        return new Rebuild(image.canonical(), secret, Boolean.TRUE.equals(body.tty()), workingDir, command, args, envs);
    }

    /** Resize: the checks in §3.6's order, then the new type, applied from the next start. */
    public void resize(String account, String region, String containerId, String name) {
        if (name == null || name.isEmpty()) {
            throw ServiceException.invalid("instanceType", "required");
        }
        InstanceType type = instanceTypes.find(name)
                .orElseThrow(() -> ServiceException.invalid("instanceType", "unknown instance type " + name));
        Container c = service.describe(account, region, containerId);
        if (name.equals(c.instanceType())) {
            throw ServiceException.invalid("instanceType", "instanceType " + name + " is the current type");
        }
        instanceTypes.requireOnline(type, region, c.az(), "instanceType");
        Action.RESIZE.require(containerId, c.status());
        if (!"normal".equals(c.charge().chargeStatus())) {
            throw ServiceException.failedPrecondition("container " + containerId + " has charge status "
                    + c.charge().chargeStatus() + "; resize needs normal");
        }
        instanceTypes.requireInStock(type, region, c.az());
        for (AttachedDisk d : jdbi.withHandle(h -> disks.attachedTo(h, containerId))) {
            if (!InstanceTypes.CLOUD_DISK_TYPES.contains(d.disk().diskType())) {
                throw ServiceException.invalid("instanceType", "instance type " + name + " cannot use disk "
                        + d.disk().diskId() + " of type " + d.disk().diskType());
            }
        }
        try {
            worker.now(containerId, () -> {
                // gone before the row changes: a start that slips in between makes it again, from either type
                worker.forgetEngineContainer(c);
                if (!containers.resized(containerId, name)) {
                    Action.RESIZE.require(containerId, service.describe(account, region, containerId).status());
                    throw ServiceException.failedPrecondition("container " + containerId + " changed status; try again");
                }
            });
        } catch (RuntimeFailure e) {
            LOG.warn("resize of {}: the engine container could not be removed", containerId, e);
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "the container engine is unreachable; try again later");
        }
    }
}
