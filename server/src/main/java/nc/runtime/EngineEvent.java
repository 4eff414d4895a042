package nc.runtime;

import java.util.Map;

/** A container event from the engine (start, die, stop, destroy, oom...). */
public record EngineEvent(String engineId, String action, Map<String, String> labels, Map<String, String> attributes) {
}
