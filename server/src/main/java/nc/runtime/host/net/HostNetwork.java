package nc.runtime.host.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import nc.runtime.host.HostCommand;

/**
 * The host network mechanisms of one nc service, under one {@link NetScope}: VPC connectivity
 * and security groups ({@link #firewall()}), elastic IPs ({@link #elasticIps()}) and bandwidth
 * limits ({@link #bandwidth()}). Everything they add is found by {@link #artefacts()} and removed
 * by {@link #removeAll()}; nothing outside the scope is touched.
 *
 * <p>Requires root, iptables (the backend the Docker Engine uses), iproute2's ip and tc, and a
 * kernel with br_netfilter, conntrack, NAT, HTB, IFB and mirred; see {@link #problems()}.
 */
public final class HostNetwork {
    private final NetScope scope;
    private final Firewall firewall;
    private final ElasticIpNat elasticIps;
    private final BandwidthShaper bandwidth;

    public HostNetwork(NetScope scope, Firewall firewall) {
        this.scope = Objects.requireNonNull(scope);
        if (!scope.equals(firewall.scope())) {
            throw new IllegalArgumentException("the firewall belongs to scope " + firewall.scope().token() + ", not " + scope.token());
        }
        this.firewall = firewall;
        this.elasticIps = new ElasticIpNat(scope);
        this.bandwidth = new BandwidthShaper(scope);
    }

    /** For the service with this id (its {@code nc.owner} label), with the engine's resolvers as the DNS exception. */
    public static HostNetwork forOwner(String ownerId) {
        NetScope scope = NetScope.forOwner(ownerId);
        return new HostNetwork(scope, Firewall.forHost(scope));
    }

    public NetScope scope() {
        return scope;
    }

    public Firewall firewall() {
        return firewall;
    }

    public ElasticIpNat elasticIps() {
        return elasticIps;
    }

    public BandwidthShaper bandwidth() {
        return bandwidth;
    }

    /** Every rule, chain, qdisc and IFB device of this scope on the host, one line each. */
    public List<String> artefacts() {
        List<String> out = new ArrayList<>(firewall.listRules());
        out.addAll(elasticIps.listRules());
        out.addAll(bandwidth.listRules());
        return out;
    }

    /** Removes everything {@link #artefacts()} lists (the service's shutdown for good, or a test's cleanup). */
    public void removeAll() {
        bandwidth.unshapeAllExcept(Set.of());
        synchronized (Iptables.LOCK) {
            for (String table : List.of("nat", "filter")) {
                Iptables.Batch batch = Iptables.batch(scope, table);
                BaseChains.removeAll(scope, batch);
                batch.commit();
            }
        }
    }

    /** What this machine lacks for the mechanisms to work; empty when nothing. */
    public static List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            out.add("not running as root");
        }
        for (String tool : List.of("iptables-save", "iptables-restore", "ip", "tc")) {
            if (!HostCommand.installed(tool)) {
                out.add(tool + " is not installed (apt-get install iptables iproute2)");
            }
        }
        if (!HostCommand.installed("conntrack")) {
            out.add("conntrack is not installed (apt-get install conntrack): flows through a rebound elastic IP keep their old mapping until they expire");
        }
        if (Sysctl.read(Sysctl.BRIDGE_NF_CALL_IPTABLES).isEmpty()) {
            out.add("br_netfilter is not loaded: security groups cannot filter traffic within a subnet");
        }
        return out;
    }
}
