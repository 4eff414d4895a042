package nc.network.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.api.Page;
import nc.api.QueryParams;
import nc.error.ServiceException;
import nc.network.TagFilter;

/**
 * What the vpc list calls share (VPC-DISK-API.md §1.7, §1.9): a page past the last one returns the
 * last one; {@code tags.N.key / tags.N.values.M} tag filters; {@code resourceGroupIds} only empty.
 */
final class VpcListQuery {
    private static final Pattern TAG = Pattern.compile("tags\\.(\\d{1,9})\\.(key|values)(?:\\.(\\d{1,9}))?");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("resourceGroupIds(?:\\.\\d{1,9})?");

    private VpcListQuery() {
    }

    /** The page of {@code all} the query asks for, as {@code {member: [...], totalCount: n}}. */
    static <T> Map<String, Object> page(QueryParams query, String member, List<T> all, Function<T, Object> view) {
        Page page = Page.from(query);
        int total = all.size();
        int pages = (total + page.size() - 1) / page.size();
        int number = Math.min(page.number(), Math.max(pages, 1));
        int from = (number - 1) * page.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, all.subList(from, Math.min(total, from + page.size())).stream().map(view).toList());
        out.put("totalCount", total);
        return out;
    }

    static List<TagFilter> tags(QueryParams query) {
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
                values.computeIfAbsent(index, i -> new TreeMap<>()).put(valueIndex, e.getValue().get(0));
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
            if (given == null || given.isEmpty()) {
                throw ServiceException.invalid(path + ".values", "at least one value is required");
            }
            out.add(new TagFilter(e.getValue(), List.copyOf(given.values())));
        }
        return out;
    }

    /** Resource groups are not supported: resourceGroupIds may only be absent or empty. */
    static void noResourceGroups(QueryParams query) {
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            if (RESOURCE_GROUP.matcher(e.getKey()).matches() && e.getValue().stream().anyMatch(v -> !v.isEmpty())) {
                throw ServiceException.invalid(e.getKey(), "resource groups are not supported; leave it empty");
            }
        }
    }
}
