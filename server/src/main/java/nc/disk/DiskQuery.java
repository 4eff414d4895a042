package nc.disk;

import nc.api.TagFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nc.api.Filter;
import nc.api.Filters;
import org.jdbi.v3.core.statement.Query;

/**
 * describeDisks' filters, tag filters and order (docs/api/vpc-disk.md §3.4) as SQL over {@code disks d}:
 * values OR-ed within a filter, filters and tag filters AND-ed.
 */
final class DiskQuery {
    static final Map<String, Filters.Arity> FILTERS = Map.of(
            "diskId", Filters.Arity.MANY,
            "diskType", Filters.Arity.MANY,
            "instanceId", Filters.Arity.MANY,
            "instanceType", Filters.Arity.MANY,
            "status", Filters.Arity.MANY,
            "az", Filters.Arity.MANY,
            "name", Filters.Arity.ONE,
            "multiAttach", Filters.Arity.ONE,
            "encrypted", Filters.Arity.ONE);
    private static final Map<String, String> EXACT_COLUMNS = Map.of(
            "diskId", "d.disk_id", "diskType", "d.disk_type", "status", "d.status", "az", "d.az");
    private static final String ATTACHED = "EXISTS (SELECT 1 FROM disk_attachments a WHERE a.disk_id = d.disk_id";

    private final StringBuilder where = new StringBuilder();
    private final List<Map.Entry<String, Object>> bindings = new ArrayList<>();
    private final boolean ascending;

    /** @param ascending creation time ascending (orders direction 0) instead of the default descending */
    DiskQuery(List<Filter> filters, List<TagFilter> tags, boolean ascending) {
        this.ascending = ascending;
        for (int i = 0; i < filters.size(); i++) {
            add(filters.get(i), "f" + i);
        }
        for (int i = 0; i < tags.size(); i++) {
            where.append(" AND EXISTS (SELECT 1 FROM disk_tags t WHERE t.disk_id = d.disk_id AND t.tag_key = :tk").append(i)
                    .append(" AND t.tag_value IN (<tv").append(i).append(">))");
            bindings.add(Map.entry("tk" + i, tags.get(i).key()));
            bindings.add(Map.entry("tv" + i, tags.get(i).values()));
        }
    }

    private void add(Filter f, String param) {
        switch (f.name()) {
            case "name" -> {
                where.append(" AND LOWER(d.name) LIKE :").append(param).append(" ESCAPE '!'");
                String escaped = f.values().get(0).toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
                bindings.add(Map.entry(param, "%" + escaped + "%"));
            }
            case "instanceId" -> {
                where.append(" AND ").append(ATTACHED).append(" AND a.container_id IN (<").append(param).append(">))");
                bindings.add(Map.entry(param, f.values()));
            }
            // every attachment is to a container (JD's "nc"); "vm" and any other type match nothing
            case "instanceType" -> where.append(f.values().contains("nc") ? " AND " + ATTACHED + ")" : " AND 1 = 0");
            // no disk here is shared or encrypted
            case "multiAttach", "encrypted" -> where.append(DiskRules.flag(f) ? " AND 1 = 0" : "");
            default -> {
                where.append(" AND ").append(EXACT_COLUMNS.get(f.name())).append(" IN (<").append(param).append(">)");
                bindings.add(Map.entry(param, f.values()));
            }
        }
    }

    String where() {
        return where.toString();
    }

    /** Creation time (descending unless asked otherwise), then id ascending. */
    String orderBy() {
        return " ORDER BY d.created_at_ms " + (ascending ? "ASC" : "DESC") + ", d.disk_id ASC";
    }

    Query bind(Query query) {
        for (Map.Entry<String, Object> b : bindings) {
            if (b.getValue() instanceof List<?> list) {
                query.bindList(b.getKey(), list);
            } else {
                query.bind(b.getKey(), b.getValue());
            }
        }
        return query;
    }
}
