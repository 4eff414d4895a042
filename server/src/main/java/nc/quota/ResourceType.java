package nc.quota;

import java.util.Optional;

/** What describeQuota counts (docs/api/nc.md §5.15, rule 51): native containers (alias pod) and secrets. */
public enum ResourceType {
    CONTAINER("container"),
    SECRET("secret");

    private final String wireName;

    ResourceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ResourceType> fromWire(String name) {
        if ("container".equals(name) || "pod".equals(name)) {
            return Optional.of(CONTAINER);
        }
        if ("secret".equals(name)) {
            return Optional.of(SECRET);
        }
        return Optional.empty();
    }
}
