package nc.container;

import static nc.container.ContainerStatus.ERROR;
import static nc.container.ContainerStatus.RUNNING;
import static nc.container.ContainerStatus.STOPPED;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import nc.error.ServiceException;

/** The operation × status table of docs/api/nc.md §6.3 and docs/api/nativecontainer.md §7: which statuses each operation accepts. */
public enum Action {
    START("startContainer", EnumSet.of(STOPPED)),
    STOP("stopContainer", EnumSet.of(RUNNING)),
    DELETE("deleteContainer", EnumSet.of(RUNNING, STOPPED, ERROR)),
    MODIFY("modifyContainerAttribute", EnumSet.complementOf(EnumSet.of(ContainerStatus.DELETING))),
    ELASTIC_IP("associate/disassociateElasticIp", EnumSet.of(RUNNING, STOPPED)),
    GET_LOGS("getLogs", EnumSet.of(RUNNING, STOPPED, ERROR)),
    REBUILD("rebuild", EnumSet.of(STOPPED)),
    RESIZE("resize", EnumSet.of(STOPPED));

    private final String operation;
    private final Set<ContainerStatus> allowed;

    Action(String operation, Set<ContainerStatus> allowed) {
        this.operation = operation;
        this.allowed = allowed;
    }

    public Set<ContainerStatus> allowed() {
        return allowed;
    }

    /** Refuses with FAILED_PRECONDITION naming the current status, as in docs/api/nc.md §9.3. */
    public void require(String containerId, ContainerStatus current) {
        if (!allowed.contains(current)) {
            String needed = allowed.stream().map(ContainerStatus::wire).collect(Collectors.joining(" or "));
            throw ServiceException.failedPrecondition("container " + containerId + " is " + current.wire() + "; "
                    + operation + " needs status " + needed);
        }
    }
}
