package nc.api;

import java.util.List;

/** A tag filter of a list call: resources carrying {@code key} with one of {@code values}; several are AND-ed. */
public record TagFilter(String key, List<String> values) {
}
