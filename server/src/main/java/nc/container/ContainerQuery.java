package nc.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nc.api.Filter;
import nc.api.Filters;
import nc.api.TagFilter;
import org.jdbi.v3.core.statement.Query;

/**
 * describeContainers' filters (docs/api/nc.md §5.2) and tag filters (docs/api/nativecontainer.md §5.2) as SQL
 * conditions: values OR-ed, filters AND-ed. {@code agId} matches nothing: there are no availability groups.
 */
final class ContainerQuery {
    static final Map<String, Filters.Arity> FILTERS = Map.of(
            "containerId", Filters.Arity.MANY,
            "privateIpAddress", Filters.Arity.ONE,
            "az", Filters.Arity.MANY,
            "vpcId", Filters.Arity.MANY,
            "status", Filters.Arity.MANY,
            "name", Filters.Arity.ONE,
            "subnetId", Filters.Arity.MANY,
            "agId", Filters.Arity.MANY);
    private static final Map<String, String> EXACT_COLUMNS = Map.of(
            "containerId", "container_id", "az", "az", "vpcId", "vpc_id", "subnetId", "subnet_id");
    private static final Map<String, String> SUBSTRING_COLUMNS = Map.of("privateIpAddress", "private_ip", "name", "name");

    private final StringBuilder sql = new StringBuilder();
    private final List<Map.Entry<String, Object>> bindings = new ArrayList<>();

    ContainerQuery(List<Filter> filters, List<TagFilter> tags) {
        for (int i = 0; i < filters.size(); i++) {
            Filter f = filters.get(i);
            String param = "f" + i;
            if (f.name().equals("agId")) {
                sql.append(" AND 1 = 0");
            } else if (SUBSTRING_COLUMNS.containsKey(f.name())) {
                sql.append(" AND LOWER(").append(SUBSTRING_COLUMNS.get(f.name())).append(") LIKE :").append(param).append(" ESCAPE '!'");
                String escaped = f.values().get(0).toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
                bindings.add(Map.entry(param, "%" + escaped + "%"));
            } else if (f.name().equals("status")) {
                sql.append(" AND status IN (<").append(param).append(">)");
                bindings.add(Map.entry(param, f.values().stream().map(v -> v.toUpperCase(Locale.ROOT)).toList()));
            } else {
                sql.append(" AND ").append(EXACT_COLUMNS.get(f.name())).append(" IN (<").append(param).append(">)");
                bindings.add(Map.entry(param, f.values()));
            }
        }
        for (int i = 0; i < tags.size(); i++) {
            TagFilter t = tags.get(i);
            String key = "tk" + i;
            String values = "tv" + i;
            sql.append(" AND EXISTS (SELECT 1 FROM container_tags t WHERE t.container_id = containers.container_id"
                    + " AND t.tag_key = :").append(key);
            bindings.add(Map.entry(key, t.key()));
            if (!t.values().isEmpty()) {
                sql.append(" AND t.tag_value IN (<").append(values).append(">)");
                bindings.add(Map.entry(values, t.values()));
            }
            sql.append(')');
        }
    }

    String sql() {
        return sql.toString();
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
