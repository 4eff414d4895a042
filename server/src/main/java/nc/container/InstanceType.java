package nc.container;

/** A size of container: vCPUs and memory (docs/api/nc.md rule 50). */
public record InstanceType(String name, int cpu, int memoryGb) {
}
