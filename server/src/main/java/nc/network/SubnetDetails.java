package nc.network;

/** A subnet with the count its wire view reports (A10). */
public record SubnetDetails(Subnet subnet, long availableIpCount) {
}
