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
}
