package nc.api;

import java.util.Set;

/**
 * One row of the operation table: who may call it, on which service scopes, with which method
 * and path template. Templates use {@code {param}} segments and {@code :action} suffixes, as in
 * {@code /v1/regions/{regionId}/containers/{containerId}:startContainer}.
 */
public record Operation(String name, Access access, Set<String> services, String method, String template, Handler handler,
        StreamSession.Opener stream) {

    /** How a caller proves who it is. */
    public enum Access {
        /** JD Cloud signature (tenants). */
        SIGNED,
        /** Bearer operator token (the admin API). */
        OPERATOR,
        /** Nobody (health). */
        PUBLIC
    }

    /** Does the work; returns the {@code result} member, or null for operations without one. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Call call);
    }

    public static Operation signed(String name, Set<String> services, String method, String template, Handler handler) {
        return new Operation(name, Access.SIGNED, services, method, template, handler, null);
    }

    public static Operation operator(String name, String method, String template, Handler handler) {
        return new Operation(name, Access.OPERATOR, Set.of(), method, template, handler, null);
    }

    public static Operation open(String name, String method, String template, Handler handler) {
        return new Operation(name, Access.PUBLIC, Set.of(), method, template, handler, null);
    }

    /**
     * A signed GET that upgrades to a WebSocket (docs/api/nativecontainer.md §6); without the upgrade it is
     * refused after authentication and routing, as §6.3 orders the checks.
     */
    public static Operation stream(String name, Set<String> services, String template, StreamSession.Opener opener) {
        return new Operation(name, Access.SIGNED, services, "GET", template, call -> {
            throw nc.error.ServiceException.invalid("Upgrade", "websocket upgrade required");
        }, opener);
    }
}
