package nc.container;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import nc.network.eip.ElasticIpBinder;
import nc.network.eip.ElasticIpBinding;
import nc.runtime.ContainerRuntime;
import nc.runtime.EngineState;
import nc.runtime.RuntimeFailure;
import nc.runtime.host.net.HostInterfaces;
import nc.runtime.host.net.HostNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elastic IPs made true on the host (docs/api/nc.md §5.8, docs/api/vpc-disk.md §2.5): traffic to the public
 * address reaches the container's primary address (1:1 NAT, every port), the container's own
 * connections leave from it, and both directions are held to {@code bandwidthMbps} on the
 * container's veth. The NAT needs only the subnet's bridge; the shaping needs the running
 * container's veth, which each (re)start replaces: so the worker binds again after every start,
 * and {@link #reconcile} (the sync) repairs what the engine's own restarts undid and removes what
 * no binding owns. Without the host's means it does nothing.
 */
public final class ElasticIpHost implements ElasticIpBinder {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticIpHost.class);
    private final HostNetwork host;
    private final ContainerRuntime runtime;
    /** The first reconcile sweeps everything of the scope; later ones only what they see left over. */
    private boolean swept;

    /** @param host empty where the host's network cannot be changed: elastic IPs are then data only */
    public ElasticIpHost(Optional<HostNetwork> host, ContainerRuntime runtime) {
        this.host = host.orElse(null);
        this.runtime = runtime;
    }

    boolean enforcing() {
        return host != null;
    }

    /** Idempotent; a failure is logged and left to the next sync, as the change it follows is already committed. */
    @Override
    public synchronized void bind(ElasticIpBinding b) {
        if (host == null) {
            return;
        }
        try {
            // no bridge yet: the subnet's first container is still being made, and its start binds again
            Optional<String> bridge = HostInterfaces.bridgeContaining(b.privateAddress());
            if (bridge.isPresent()) {
                host.elasticIps().bindElasticIp(b.publicAddress(), b.privateAddress(), bridge.get());
                hostVeth(b.containerId()).filter(veth -> !Integer.valueOf(b.bandwidthMbps()).equals(host.bandwidth().shaped().get(veth)))
                        .ifPresent(veth -> host.bandwidth().shape(veth, b.bandwidthMbps()));
            }
        } catch (RuntimeException e) {
            LOG.warn("elastic IP {} of container {} not yet in place on the host: {}", b.elasticIpId(), b.containerId(), e.getMessage());
        }
    }

    @Override
    public synchronized void unbind(ElasticIpBinding b) {
        if (host == null) {
            return;
        }
        try {
            host.elasticIps().unbindElasticIp(b.publicAddress());
            hostVeth(b.containerId()).ifPresent(host.bandwidth()::unshape);
            host.bandwidth().unshapeVanished();
        } catch (RuntimeException e) {
            LOG.warn("elastic IP {} of container {} not yet removed from the host: {}", b.elasticIpId(), b.containerId(), e.getMessage());
        }
    }

    /**
     * The host gets exactly the bindings {@code wanted} gives: missing or changed ones are bound,
     * others removed. {@code wanted} is read under the same lock as {@link #bind} and {@link
     * #unbind}, so a change committed meanwhile is never undone. After the first full sweep, the
     * removals run only when the host shows something no binding owns (the sync calls this often).
     */
    synchronized void reconcile(Supplier<List<ElasticIpBinding>> wanted) {
        if (host == null) {
            return;
        }
        List<ElasticIpBinding> bindings = wanted.get();
        Map<String, String> natted = host.elasticIps().bindings();
        Map<String, Integer> shaped = host.bandwidth().shaped();
        Set<String> veths = new HashSet<>();
        for (ElasticIpBinding b : bindings) {
            Optional<String> veth = hostVeth(b.containerId());
            veth.ifPresent(veths::add);
            boolean natOk = b.privateAddress().equals(natted.get(b.publicAddress()));
            boolean shapeOk = veth.map(v -> Integer.valueOf(b.bandwidthMbps()).equals(shaped.get(v))).orElse(true);
            if (!natOk || !shapeOk) {
                bind(b);
            }
        }
        Set<String> addresses = bindings.stream().map(ElasticIpBinding::publicAddress).collect(Collectors.toSet());
        if (!swept || !addresses.containsAll(natted.keySet())) {
            host.elasticIps().unbindAllExcept(addresses);
        }
        if (!swept || !veths.containsAll(shaped.keySet())) {
            host.bandwidth().unshapeAllExcept(veths);
        }
        swept = true;
    }

    /** The host end of the running container's eth0; empty while it does not run. */
    private Optional<String> hostVeth(String containerId) {
        Optional<EngineState> state = runtime.inspect(Container.engineNameOf(containerId));
        try {
            return state.filter(s -> s.running() && s.pid() > 0).map(s -> HostInterfaces.hostVethOf(s.pid(), "eth0"));
        } catch (RuntimeFailure stoppedMeanwhile) {
            return Optional.empty();
        }
    }
}
