package nc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.error.ServiceException;

/** Parses {@code tags.N.key / tags.N.values.M} (docs/api/vpc-disk.md §1.9 TagFilter), like {@link Filters}. */
public final class TagFilters {
    private static final Pattern TAG = Pattern.compile("tags\\.(\\d{1,9})\\.(key|values)(?:\\.(\\d{1,9}))?");

    private TagFilters() {
    }

    public static List<TagFilter> parse(QueryParams query) {
        return parse(query, true);
    }

    /**
     * @param valuesRequired false where a filter without values matches any value of its key
     *                       (describeContainers, docs/api/nativecontainer.md §5.2)
     */
    public static List<TagFilter> parse(QueryParams query, boolean valuesRequired) {
        TreeMap<Integer, String> keys = new TreeMap<>();
        TreeMap<Integer, TreeMap<Integer, String>> values = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            Matcher m = TAG.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            if (m.group(2).equals("key")) {
                keys.put(index, e.getValue().get(0));
            } else {
                int valueIndex = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                e.getValue().forEach(v -> values.computeIfAbsent(index, i -> new TreeMap<>()).put(valueIndex, v));
                keys.putIfAbsent(index, null);
            }
        }
        List<TagFilter> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : keys.entrySet()) {
            String path = "tags." + e.getKey();
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw ServiceException.invalid(path + ".key", "required");
            }
            TreeMap<Integer, String> given = values.get(e.getKey());
            if (valuesRequired && (given == null || given.isEmpty())) {
                throw ServiceException.invalid(path + ".values", "at least one value is required");
            }
            out.add(new TagFilter(e.getValue(), given == null ? List.of() : List.copyOf(given.values())));
        }
        return out;
    }
}
