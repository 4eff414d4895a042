package nc.tenantnet;

import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Where nc cannot build tenant networks on the engine's machine (not root, a remote engine, a
 * fake engine in tests): networks are data only. A running container counts as plugged, with the
 * engine's {@code none} network (no network at all: fail-closed). Every interface counts as plugged:
 * there is nothing to plug it into.
 */
public final class NoDatapath implements TenantNetwork {
    @Override
    public Set<String> apply(VpcNetwork vpc, ToLongFunction<String> runningPid) {
        return vpc.ports().stream().map(VpcNetwork.Port::containerId).collect(Collectors.toSet());
    }

    @Override
    public boolean plug(String vpcId, java.util.function.Supplier<VpcNetwork> wantedNow, String nicId, long pid) {
        return true;
    }

    @Override
    public void remove(String vpcId) {
    }

    @Override
    public void removeAll() {
    }

    @Override
    public Set<String> vpcs() {
        return Set.of();
    }

    @Override
    public List<String> artefacts() {
        return List.of();
    }

    @Override
    public List<String> problems() {
        return List.of();
    }
}
