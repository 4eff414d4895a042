package nc.container.spec;

/** The body of createContainers (docs/api/nc.md §5.1). */
public record CreateContainersRequest(ContainerSpec containerSpec, Integer maxCount, String clientToken) {
}
