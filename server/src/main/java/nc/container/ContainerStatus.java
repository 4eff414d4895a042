package nc.container;

import java.util.Locale;

/** The lifecycle of docs/api/nc.md §6.1; the transitional ones mean "a task is in progress". */
public enum ContainerStatus {
    PENDING(true),
    STARTING(true),
    RUNNING(false),
    STOPPING(true),
    STOPPED(false),
    ERROR(false),
    DELETING(true),
    /** docs/api/nativecontainer.md §7: stopped, being given a new image; stopped again when done. */
    REBUILDING(true);

    private final boolean transitional;

    ContainerStatus(boolean transitional) {
        this.transitional = transitional;
    }

    public boolean transitional() {
        return transitional;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContainerStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
