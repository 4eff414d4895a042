package nc.container.spec;

/** Only the "default" driver: 10 MB of local log, rotated. Options are stored and echoed. */
public record LogConfiguration(String logDriver, LogOption options) {

    /** A single key/value (not a list). */
    public record LogOption(String key, String value) {
    }
}
