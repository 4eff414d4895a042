package nc.container.spec;

/** The primary network interface: always deviceIndex 1, always deleted with the container. */
public record NetworkInterfaceAttachmentSpec(Boolean autoDelete, Integer deviceIndex, NetworkInterfaceSpec networkInterface) {
}
