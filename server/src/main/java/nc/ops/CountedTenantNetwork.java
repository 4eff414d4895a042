package nc.ops;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.VpcNetwork;

/**
 * The tenant networks' datapath, with each failed change counted as a reconcile error; everything
 * passes through (every method of the seam is delegated: {@code CountedTenantNetworkTest} checks it,
 * so a method the seam gains is never silently answered by its default here).
 */
final class CountedTenantNetwork implements TenantNetwork {
    private final TenantNetwork datapath;
    private final Metrics metrics;

    CountedTenantNetwork(TenantNetwork datapath, Metrics metrics) {
        this.datapath = datapath;
        this.metrics = metrics;
    }

    @Override
    public Set<String> apply(VpcNetwork vpc, ToLongFunction<String> runningPid) {
        return counted(() -> datapath.apply(vpc, runningPid));
    }

    @Override
    public boolean plug(String vpcId, Supplier<VpcNetwork> wantedNow, String nicId, long pid) {
        return counted(() -> datapath.plug(vpcId, wantedNow, nicId, pid));
    }

    @Override
    public void resolverPort(int port) {
        datapath.resolverPort(port);
    }

    @Override
    public boolean servesResolver() {
        return datapath.servesResolver();
    }

    @Override
    public java.util.Optional<String> vpcOfRouter(String address) {
        return datapath.vpcOfRouter(address);
    }

    @Override
    public Set<String> foreignAddresses() {
        return datapath.foreignAddresses();
    }

    @Override
    public void ensureHost() {
        counted(() -> {
            datapath.ensureHost();
            return null;
        });
    }

    @Override
    public void remove(String vpcId) {
        counted(() -> {
            datapath.remove(vpcId);
            return null;
        });
    }

    /** The change's result; its failure counted, then thrown on. */
    private <T> T counted(Supplier<T> change) {
        try {
            return change.get();
        } catch (RuntimeException e) {
            metrics.reconcileError(Metrics.DATAPATH);
            throw e;
        }
    }

    @Override
    public void removeAll() {
        datapath.removeAll();
    }

    @Override
    public Set<String> vpcs() {
        return datapath.vpcs();
    }

    @Override
    public List<String> artefacts() {
        return datapath.artefacts();
    }

    @Override
    public List<String> problems() {
        return datapath.problems();
    }

    @Override
    public void close() {
        datapath.close();
    }
}
