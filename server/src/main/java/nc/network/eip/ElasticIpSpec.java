package nc.network.eip;

/** createElasticIps' elasticIpSpec (VPC-DISK-API.md §2.5). */
public record ElasticIpSpec(Integer bandwidthMbps, String provider, ChargeSpec chargeSpec) {
}
