package nc.runtime;

/** The engine refused or failed; the message is the engine's (or registry's) own answer. */
public class RuntimeFailure extends RuntimeException {
    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public RuntimeFailure(String message) {
        super(message);
    }
}
