package nc.network.eip;

/** createElasticIps' elasticIpSpec (docs/api/vpc-disk.md §2.5). */
public record ElasticIpSpec(Integer bandwidthMbps, String provider, ChargeSpec chargeSpec) {
}
