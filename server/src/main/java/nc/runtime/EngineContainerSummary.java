package nc.runtime;

import java.util.Map;

/** A container as a listing shows it. */
public record EngineContainerSummary(String engineId, String name, String state, Map<String, String> labels) {
}
