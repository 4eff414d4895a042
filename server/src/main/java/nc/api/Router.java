package nc.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches a decoded path against the operation table (docs/api/nc.md §1.2 rules). */
final class Router {
    private final List<Route> routes = new ArrayList<>();

    void add(Operation operation) {
        routes.add(new Route(operation, compile(operation.template())));
    }

    /** The operation for this access kind, method and path; for signed calls also the scope's service. */
    Match match(Operation.Access access, String service, String method, String path) {
        String[] segments = split(path);
        for (Route route : routes) {
            Operation op = route.operation;
            if (op.access() != access || !op.method().equals(method)) {
                continue;
            }
            if (access == Operation.Access.SIGNED && !op.services().contains(service)) {
                continue;
            }
            Map<String, String> params = route.bind(segments);
            if (params != null) {
                return new Match(op, params);
            }
        }
        return null;
    }

    record Match(Operation operation, Map<String, String> params) {
    }

    private static String[] split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.split("/", -1);
    }

    private static List<Segment> compile(String template) {
        List<Segment> segments = new ArrayList<>();
        for (String part : template.split("/", -1)) {
            if (part.startsWith("{")) {
                int close = part.indexOf('}');
                segments.add(new Segment(null, part.substring(1, close), part.substring(close + 1)));
            } else {
                segments.add(new Segment(part, null, null));
            }
        }
        return segments;
    }

    /** A literal segment, or a parameter with an optional literal suffix such as {@code :startContainer}. */
    private record Segment(String literal, String param, String suffix) {
        String bind(String actual) {
            if (literal != null) {
                return literal.equals(actual) ? "" : null;
            }
            if (suffix.isEmpty()) {
                return actual.isEmpty() || actual.indexOf(':') >= 0 ? null : actual;
            }
            if (!actual.endsWith(suffix) || actual.length() == suffix.length()) {
                return null;
            }
            String value = actual.substring(0, actual.length() - suffix.length());
            return value.indexOf(':') >= 0 ? null : value;
        }
    }

    private record Route(Operation operation, List<Segment> segments) {
        Map<String, String> bind(String[] actual) {
            if (actual.length != segments.size()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < actual.length; i++) {
                Segment s = segments.get(i);
                String value = s.bind(actual[i]);
                if (value == null) {
                    return null;
                }
                if (s.param() != null) {
                    params.put(s.param(), value);
                }
            }
            return params;
        }
    }
}
