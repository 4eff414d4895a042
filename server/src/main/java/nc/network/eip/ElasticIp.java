package nc.network.eip;

import java.time.Instant;
import java.util.List;
import nc.billing.Charge;

/**
 * A public IPv4 address of the operator's pool, owned by an account in a region.
 *
 * @param boundTo           null while NOT_ASSOCIATED
 * @param madeWithContainer made by createContainers for the container it is bound to: deleted with it
 */
public record ElasticIp(String elasticIpId, String accountId, String regionId, String address, int bandwidthMbps,
        String provider, Charge charge, ContainerInterface boundTo, boolean madeWithContainer, List<Tag> tags,
        Instant createdAt) {
    public static final String ASSOCIATED = "ASSOCIATED";
    public static final String NOT_ASSOCIATED = "NOT_ASSOCIATED";

    public ElasticIp {
        tags = List.copyOf(tags);
    }

    public String status() {
        return boundTo == null ? NOT_ASSOCIATED : ASSOCIATED;
    }

    public ElasticIpBinding binding() {
        return boundTo == null ? null : new ElasticIpBinding(elasticIpId, address, bandwidthMbps, boundTo.containerId(),
                boundTo.privateIpAddress());
    }
}
