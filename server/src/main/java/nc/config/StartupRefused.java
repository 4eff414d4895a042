package nc.config;

/** The server must not start as configured; the message says what the operator should do. Main prints it and exits non-zero. */
public final class StartupRefused extends RuntimeException {
    public StartupRefused(String message) {
        super(message);
    }
}
