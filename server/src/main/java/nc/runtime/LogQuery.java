package nc.runtime;

/** Which part of the log to read; null means no limit. */
public record LogQuery(Integer sinceSeconds, Integer tailLines) {
}
