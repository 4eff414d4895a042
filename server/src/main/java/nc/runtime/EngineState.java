package nc.runtime;

import java.time.Instant;

/** The engine's view of one container. */
public record EngineState(
        String status,
        boolean running,
        boolean restarting,
        int exitCode,
        int restartCount,
        String error,
        boolean oomKilled,
        Instant startedAt,
        Instant finishedAt) {
}
