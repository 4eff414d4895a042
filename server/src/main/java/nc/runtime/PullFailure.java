package nc.runtime;

/**
 * A pull the registry refused or that never reached a registry. The message is the engine's own
 * text, for the operator's log; what the tenant is told depends only on the kind, so that the
 * engine's words about the operator's network (refused, timed out, no route) never reach a tenant.
 */
public final class PullFailure extends RuntimeFailure {
    public enum Kind {
        /** The registry refused the credentials. */
        UNAUTHORIZED,
        /** The registry has no such image, or the credentials give no access to it. */
        NOT_FOUND,
        /** No registry answered: unreachable, not resolvable, not a registry. */
        UNREACHABLE
    }

    private final Kind kind;

    public PullFailure(Kind kind, String engineMessage) {
        super(engineMessage);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
