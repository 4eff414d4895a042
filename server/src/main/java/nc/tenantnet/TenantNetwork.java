package nc.tenantnet;

import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The network engine boundary: VPCs, subnets, security groups, elastic IPs and container
 * interfaces made true on a host. Nothing outside this package knows how. Every call is
 * idempotent and level-triggered: {@link #apply} compares the datapath with what it is given and
 * changes only what differs, so the same call serves creation, repair after a fault and updates.
 *
 * <p>Security fails closed: an interface passes nothing its rules do not allow, also while its
 * rules are being written, after the datapath's filter state is lost, and while a container runs
 * in a network namespace that is not plugged yet (it then has no network at all).
 */
public interface TenantNetwork extends AutoCloseable {

    /**
     * Makes the VPC's datapath exactly {@code vpc}: creates what is missing, repairs what drifted,
     * removes subnets, interfaces and addresses it no longer names.
     *
     * @param runningPid the main process of a running container (by container id), 0 when it does
     *                   not run; asked only for interfaces that are not plugged into their
     *                   container's current network namespace
     * @return the container ids whose interfaces are plugged when this returns
     */
    Set<String> apply(VpcNetwork vpc, ToLongFunction<String> runningPid);

    /**
     * The fast way for a container just started: plugs its interface into the namespace of
     * {@code pid} and puts the VPC's filters in force, without listing the datapath first, when the
     * rest of the VPC's datapath is as the last {@link #apply} left it. Returns false, having let
     * no traffic pass that the rules do not allow, when that cannot be trusted (the caller then
     * applies the whole VPC).
     *
     * @param wantedNow the VPC's whole wanted state, read when asked (null: the VPC is gone)
     * @return true when the interface is plugged and filtered as wanted
     */
    default boolean plug(String vpcId, java.util.function.Supplier<VpcNetwork> wantedNow, String nicId, long pid) {
        return false;
    }

    /**
     * The host's own part, shared by every VPC of the installation (what lets the VPCs reach the
     * host's network), put in place or back; called before each resync of all VPCs.
     */
    default void ensureHost() {
    }

    /** Everything of the VPC is gone from the host when this returns; a no-op when nothing was there. */
    void remove(String vpcId);

    /** Everything this installation made on the host is gone when this returns (a reset, a test's cleanup). */
    void removeAll();

    /** The VPCs this installation has a datapath for on this host. */
    Set<String> vpcs();

    /** Every host object of this installation (namespaces, links, tables), one line each: empty when nothing is left. */
    List<String> artefacts();

    /**
     * Public addresses this host routes into another installation's datapath (its elastic IPs):
     * this installation must not hand them out.
     */
    default Set<String> foreignAddresses() {
        return Set.of();
    }

    /**
     * Makes DNS queries that containers send to their subnet's gateway (port 53, UDP and TCP) reach the VPC
     * resolver, listening on this port of the host (UDP and TCP) (0: no resolver); they arrive from the
     * VPC's router ({@link #vpcOfRouter}). The VPCs follow on their next apply.
     */
    default void resolverPort(int port) {
    }

    /** Whether containers have the VPC resolver at their subnet's gateway. */
    default boolean servesResolver() {
        return false;
    }

    /** The VPC whose router this host address is (where the resolver's queries come from); empty for any other. */
    default java.util.Optional<String> vpcOfRouter(String address) {
        return java.util.Optional.empty();
    }

    /** What this host lacks for the datapath; empty when nothing. */
    List<String> problems();

    @Override
    default void close() {
    }
}
