package nc.runtime;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine boundary (docs/architecture.md): everything nc asks of a container engine. The Docker Engine
 * implements it first; a Kubernetes runtime can later. Every object a runtime creates carries the
 * labels it is given, so that objects no database row owns can be found and removed.
 * Methods are idempotent where the name says "ensure"; "remove" of something absent is a no-op.
 */
public interface ContainerRuntime extends Closeable {

    /** True when the engine answers. */
    boolean available();

    /** True when the engine runs on this machine, so that folders of this machine can be bound into its containers. */
    default boolean sharesHost() {
        return false;
    }

    /**
     * True when the engine enforces {@link EngineContainer#rootFsBytes()}: a container then cannot
     * write more than that into its own filesystem. Otherwise the limit is not applied.
     */
    default boolean limitsRootFs() {
        return false;
    }

    /** Creates the engine network for a subnet unless it exists (same name, same CIDR). */
    void ensureNetwork(EngineNetwork network);

    void removeNetwork(String name);

    /** Creates a named volume unless it exists. */
    void ensureVolume(String name, java.util.Map<String, String> labels);

    void removeVolume(String name);

    /** Pulls an image, with registry credentials when given. Fails with the registry's own answer. */
    void pull(String image, Optional<RegistryAuth> auth);

    /** Creates (does not start) a container; returns the engine's id. */
    String create(EngineContainer container);

    void start(String engineId);

    /**
     * Starts it as {@link #start(String)}; {@code namespaceReady} is called with the host's pid of the
     * container's first process as soon as the container's own network namespace exists, before its
     * main process runs, so that its network can be set up meanwhile. It is called at most once, on
     * another thread, and has returned before this does; not at all when the runtime cannot see
     * that moment (then the caller sets the network up after the start).
     */
    default void start(String engineId, java.util.function.LongConsumer namespaceReady) {
        start(engineId);
    }

    /** Stops with a grace period, then kills. */
    void stop(String engineId, Duration grace);

    /** Removes the container, running or not. */
    void remove(String engineId);

    Optional<EngineState> inspect(String engineId);

    /** Containers carrying this label key and value (any value when {@code value} is null). */
    List<EngineContainerSummary> listByLabel(String key, String value);

    /** Networks carrying this label key and value (their names). */
    List<String> networksByLabel(String key, String value);

    /** Volumes carrying this label key and value (their names). */
    List<String> volumesByLabel(String key, String value);

    /** The retained log: stdout and stderr interleaved, without timestamps. */
    String logs(String engineId, LogQuery query);

    /** Delivers container events until the returned handle is closed. */
    Closeable events(Consumer<EngineEvent> listener);

    /**
     * Prepares a process in a running container: argv through its PATH, its environment, working
     * directory and user, stdin open, a terminal iff {@code tty}. Returns the engine's exec id.
     */
    default String execCreate(String engineId, List<String> command, boolean tty) {
        throw new RuntimeFailure("this runtime has no exec");
    }

    /** Starts a prepared process; its output goes to {@code output} until it ends. */
    default ProcessIo execStart(String execId, boolean tty, ProcessIo.Output output) {
        throw new RuntimeFailure("this runtime has no exec");
    }

    /** The exit code of an ended process; empty while it runs. */
    default Optional<Integer> execExitCode(String execId) {
        throw new RuntimeFailure("this runtime has no exec");
    }

    /** Resizes the terminal of a running process. */
    default void execResize(String execId, int height, int width) {
        throw new RuntimeFailure("this runtime has no exec");
    }

    /** Hangs up a running process's terminal: it gets SIGHUP, as when a terminal goes away. */
    default void execHangUp(String execId) {
        throw new RuntimeFailure("this runtime cannot hang up an exec");
    }

    /**
     * Joins the main process's streams as they are now (no earlier output); input reaches it only
     * when it has a terminal ({@code tty}), whose stdin is open.
     */
    default ProcessIo attach(String engineId, boolean tty, ProcessIo.Output output) {
        throw new RuntimeFailure("this runtime has no attach");
    }

    /** Resizes the main process's terminal. */
    default void resizeTty(String engineId, int height, int width) {
        throw new RuntimeFailure("this runtime has no attach");
    }
}
