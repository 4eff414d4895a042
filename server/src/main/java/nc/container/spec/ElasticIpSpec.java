package nc.container.spec;

/** A new elastic IP for each container. */
public record ElasticIpSpec(Integer bandwidthMbps, String provider, ChargeSpec chargeSpec) {
}
