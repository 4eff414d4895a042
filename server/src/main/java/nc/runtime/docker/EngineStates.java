package nc.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import nc.runtime.EngineState;

/** The engine's inspect answer as an EngineState. */
final class EngineStates {
    /** The engine's "never": Go's zero time. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private EngineStates() {
    }

    static EngineState of(InspectContainerResponse inspect) {
        ContainerState s = inspect.getState();
        Integer restarts = inspect.getRestartCount();
        Long exitCode = s.getExitCodeLong();
        return new EngineState(
                s.getStatus(),
                Boolean.TRUE.equals(s.getRunning()),
                Boolean.TRUE.equals(s.getRestarting()),
                exitCode == null ? 0 : exitCode.intValue(),
                restarts == null ? 0 : restarts,
                s.getError() == null || s.getError().isEmpty() ? null : s.getError(),
                Boolean.TRUE.equals(s.getOOMKilled()),
                instant(s.getStartedAt()),
                instant(s.getFinishedAt()),
                s.getPidLong() == null ? 0 : s.getPidLong());
    }

    static Instant instant(String engineTime) {
        if (engineTime == null || engineTime.isBlank()) {
            return null;
        }
        try {
            Instant t = Instant.parse(engineTime);
            return t.equals(GO_ZERO_TIME) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
