package nc.disk;

import static nc.error.ServiceException.invalid;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.api.Filter;
import nc.api.Filters;
import nc.api.Page;
import nc.api.QueryParams;
import nc.api.TagFilter;
import nc.api.TagFilters;

/**
 * The query of describeDisks (docs/api/vpc-disk.md §3.4) as the SDKs send it:
 * {@code tags.1.key=env&tags.1.values.1=prod}, {@code orders.1.name=create_time&orders.1.direction=0},
 * filters, paging and {@code resourceGroupIds}.
 */
record DescribeDisksQuery(Page page, List<Filter> filters, List<TagFilter> tags, boolean ascending) {
    private static final Pattern ORDER = Pattern.compile("orders\\.(\\d{1,9})\\.(name|direction)");
    private static final Pattern RESOURCE_GROUPS = Pattern.compile("resourceGroupIds(?:\\.\\d{1,9})?");

    static DescribeDisksQuery parse(QueryParams query) {
        Page page = Page.from(query);
        List<Filter> filters = Filters.parse(query, DiskQuery.FILTERS);
        filters.stream().filter(f -> f.name().equals("multiAttach") || f.name().equals("encrypted")).forEach(DiskRules::flag);
        checkNoResourceGroups(query);
        return new DescribeDisksQuery(page, filters, TagFilters.parse(query), ascending(query));
    }

    /** Resource groups are not offered: resourceGroupIds absent or empty only. */
    private static void checkNoResourceGroups(QueryParams query) {
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            if (RESOURCE_GROUPS.matcher(e.getKey()).matches() && e.getValue().stream().anyMatch(v -> !v.isEmpty())) {
                throw invalid(e.getKey(), "resource groups are not supported; leave it out");
            }
        }
    }


    /** At most one order, by create_time; direction 0 ascending, 1 (default) descending. */
    private static boolean ascending(QueryParams query) {
        TreeMap<Integer, String[]> orders = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : query.asMap().entrySet()) {
            Matcher m = ORDER.matcher(e.getKey());
            if (m.matches()) {
                String[] order = orders.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new String[2]);
                order[m.group(2).equals("name") ? 0 : 1] = e.getValue().get(0);
            }
        }
        if (orders.isEmpty()) {
            return false;
        }
        if (orders.size() > 1) {
            throw invalid("orders", "at most one order");
        }
        int index = orders.firstKey();
        String name = orders.get(index)[0];
        String direction = orders.get(index)[1];
        if (name == null || name.isEmpty()) {
            throw invalid("orders." + index + ".name", "required: create_time");
        }
        if (!name.equals("create_time")) {
            throw invalid("orders." + index + ".name", "only create_time is supported" + (name.equals("trash_time")
                    ? " (there is no recycle bin)" : ""));
        }
        if (direction == null || direction.isEmpty() || direction.equals("1")) {
            return false;
        }
        if (direction.equals("0")) {
            return true;
        }
        throw invalid("orders." + index + ".direction", "must be 0 (ascending) or 1 (descending)");
    }
}
