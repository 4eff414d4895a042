package nc.network.eip;

/**
 * What the host must do for one bound elastic IP: map {@code publicAddress} 1:1 onto the
 * container's {@code privateAddress} (all ports; its security groups still apply) and cap the
 * container's outbound traffic through it at {@code bandwidthMbps}.
 */
public record ElasticIpBinding(String elasticIpId, String publicAddress, int bandwidthMbps, String containerId,
        String privateAddress) {
}
