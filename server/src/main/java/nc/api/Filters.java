package nc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.error.ServiceException;

/**
 * Parses {@code filters.N.name / operator / values.M} (docs/api/nc.md §1.4, §7) and checks each filter
 * against what the operation allows.
 */
public final class Filters {
    private static final Pattern KEY = Pattern.compile("filters\\.(\\d{1,9})\\.(name|operator|values)(?:\\.(\\d{1,9}))?");

    /** How many values a filter takes. */
    public enum Arity { ONE, MANY }

    private Filters() {
    }

    public static List<Filter> parse(QueryParams query, Map<String, Arity> allowed) {
        TreeMap<Integer, Raw> byIndex = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            Raw raw = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new Raw());
            String value = e.getValue().get(0);
            switch (m.group(2)) {
                case "name" -> raw.name = value;
                case "operator" -> raw.operator = value;
                default -> {
                    int valueIndex = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                    for (String v : e.getValue()) {
                        raw.values.put(valueIndex, v);
                    }
                }
            }
        }
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<Integer, Raw> e : byIndex.entrySet()) {
            filters.add(e.getValue().toFilter("filters." + e.getKey(), allowed));
        }
        return filters;
    }

    private static final class Raw {
        String name;
        String operator;
        final TreeMap<Integer, String> values = new TreeMap<>();

        Filter toFilter(String path, Map<String, Arity> allowed) {
            if (name == null || name.isEmpty()) {
                throw ServiceException.invalid(path + ".name", "required");
            }
            Arity arity = allowed.get(name);
            if (arity == null) {
                throw ServiceException.invalid(path + ".name", "unsupported filter " + name + "; supported: "
                        + String.join(", ", new java.util.TreeSet<>(allowed.keySet())));
            }
            if (operator != null && !operator.isEmpty() && !operator.equals("eq")) {
                throw ServiceException.invalid(path + ".operator", "only eq is supported");
            }
            if (values.isEmpty()) {
                throw ServiceException.invalid(path + ".values", "at least one value is required");
            }
            if (arity == Arity.ONE && values.size() > 1) {
                throw ServiceException.invalid(path + ".values", "filter " + name + " takes exactly one value");
            }
            return new Filter(name, List.copyOf(values.values()));
        }
    }
}
