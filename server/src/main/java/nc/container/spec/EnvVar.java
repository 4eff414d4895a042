package nc.container.spec;

/** An environment variable; the value defaults to "". */
public record EnvVar(String name, String value) {
}
