package nc.network.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import nc.api.Page;
import nc.api.QueryParams;
import nc.error.ServiceException;
import nc.api.TagFilter;

/**
 * What the vpc list calls share (docs/api/vpc-disk.md §1.7, §1.9): a page past the last one returns the
 * last one; {@code tags.N.key / tags.N.values.M} tag filters; {@code resourceGroupIds} only empty.
 */
final class VpcListQuery {
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


    /** Resource groups are not supported: resourceGroupIds may only be absent or empty. */
    static void noResourceGroups(QueryParams query) {
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            if (RESOURCE_GROUP.matcher(e.getKey()).matches() && e.getValue().stream().anyMatch(v -> !v.isEmpty())) {
                throw ServiceException.invalid(e.getKey(), "resource groups are not supported; leave it empty");
            }
        }
    }
}
