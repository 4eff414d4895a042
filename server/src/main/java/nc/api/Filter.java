package nc.api;

import java.util.List;

/** One parsed filter: values are OR-ed; several filters are AND-ed. Only the {@code eq} operator exists. */
public record Filter(String name, List<String> values) {
}
