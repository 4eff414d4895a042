package nc.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.auth.UriEncoding;
import nc.error.ServiceException;

/** The query string, form-decoded (docs/api/nc.md §1.4), with typed, rule-checked getters. */
public final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = UriEncoding.decodeForm(eq < 0 ? part : part.substring(0, eq));
                String value = UriEncoding.decodeForm(eq < 0 ? "" : part.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParams(values);
    }

    public Map<String, List<String>> asMap() {
        return values;
    }

    /** The parameter's value (the first, if repeated), or null when absent. */
    public String get(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** An integer parameter within [min, max]; absent or empty gives the default. */
    public int integer(String name, int defaultValue, int min, int max) {
        String raw = get(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ServiceException.invalid(name, "must be an integer in [" + min + ", " + max + "]");
        }
        if (value < min || value > max) {
            throw ServiceException.invalid(name, "must be an integer in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** An optional integer parameter within [min, max], null when absent. */
    public Integer optionalInteger(String name, int min, int max) {
        String raw = get(name);
        return raw == null || raw.isEmpty() ? null : integer(name, 0, min, max);
    }
}
