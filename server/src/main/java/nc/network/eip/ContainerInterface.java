package nc.network.eip;

/** Where an elastic IP is bound: a container's primary network interface and its primary private address. */
public record ContainerInterface(String containerId, String networkInterfaceId, String privateIpAddress) {
}
