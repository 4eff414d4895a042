package nc.runtime;

import java.time.Instant;

/** The engine's view of one container; {@code pid} is its main process on the engine's host, 0 when not running. */
public record EngineState(
        String status,
        boolean running,
        boolean restarting,
        int exitCode,
        int restartCount,
        String error,
        boolean oomKilled,
        Instant startedAt,
        Instant finishedAt,
        long pid) {
}
