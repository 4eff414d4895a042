package nc.network.eip;

/**
 * The host side of elastic IPs (NAT and shaping). nc records bindings as data and calls this after
 * each change is committed, and once per binding at start; both calls must be idempotent. The
 * default does nothing, so elastic IPs are bookkeeping only until a host implementation is wired.
 */
public interface ElasticIpBinder {
    ElasticIpBinder NONE = new ElasticIpBinder() {
        @Override
        public void bind(ElasticIpBinding binding) {
        }

        @Override
        public void unbind(ElasticIpBinding binding) {
        }
    };

    /** The public address now reaches the container's private address. */
    void bind(ElasticIpBinding binding);

    /** The public address no longer reaches the container. */
    void unbind(ElasticIpBinding binding);

    /**
     * Public addresses that something else on this host routes already (another installation's
     * elastic IPs): never handed out here, so two installations on one host never take each
     * other's traffic.
     */
    default java.util.Set<String> heldElsewhere() {
        return java.util.Set.of();
    }
}
