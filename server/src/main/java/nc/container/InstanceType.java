package nc.container;

/**
 * A size of container: vCPUs and memory (docs/api/nc.md rule 50), and the most processes (threads
 * included) its containers may have at once, which the operator sets per type.
 */
public record InstanceType(String name, int cpu, int memoryGb, int pidsLimit) {
    /** The pids limit of a type the operator gave none. */
    public static final int DEFAULT_PIDS_LIMIT = 4096;

    public InstanceType(String name, int cpu, int memoryGb) {
        this(name, cpu, memoryGb, DEFAULT_PIDS_LIMIT);
    }
}
