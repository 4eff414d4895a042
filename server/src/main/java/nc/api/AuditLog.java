package nc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nc.auth.Principal;
import nc.error.ErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line (JSON, logger {@code nc.audit}) per state-changing request, tenant or
 * operator, whatever its outcome: request id, caller (account and access key id, or the
 * operator), operation, target ids (from the path, and the ids a create returns) and result
 * status. Never a secret: no body, no query, no header; from a result only the fields that are
 * ids or names ({@code ...Id}, {@code ...Ids}, {@code ...Name}, {@code accessKey}).
 */
final class AuditLog {
    private static final Logger AUDIT = LoggerFactory.getLogger("nc.audit");
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** What the dispatcher learns about a request on its way: which operation, called by whom, on what. */
    static final class Entry {
        String operation;
        Principal principal;
        boolean operator;
        Map<String, String> params = Map.of();
        Object result;
    }

    private AuditLog() {
    }

    static void record(String requestId, String method, String rawPath, Entry entry, int status, ErrorStatus error) {
        if (READS.contains(method) || !AUDIT.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("requestId", requestId);
        line.put("caller", entry.operator ? "operator" : entry.principal != null ? "tenant" : "unauthenticated");
        if (entry.principal != null) {
            line.put("account", entry.principal.accountId());
            line.put("accessKeyId", entry.principal.accessKey());
        }
        line.put("operation", entry.operation);
        line.put("method", method);
        line.put("path", rawPath);
        Map<String, Object> targets = new TreeMap<>(entry.params);
        targets.remove("regionId");
        if (entry.params.containsKey("regionId")) {
            line.put("region", entry.params.get("regionId"));
        }
        if (entry.result != null) {
            collectIds(Json.mapper().valueToTree(entry.result), targets, 0);
        }
        line.put("targets", targets);
        line.put("status", status);
        if (error != null) {
            line.put("error", error.name());
        }
        try {
            AUDIT.info(Json.mapper().writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.error("audit line for request {} not written", requestId, e);
        }
    }

    /** Fields named as ids or names, at the result's top level and one level down (a created account's id). */
    private static void collectIds(JsonNode node, Map<String, Object> into, int depth) {
        if (node == null || !node.isObject() || depth > 1) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if ((name.endsWith("Id") || name.endsWith("Name") || name.equals("accessKey")) && value.isTextual()) {
                into.putIfAbsent(name, value.asText());
            } else if (name.endsWith("Ids") && value.isArray()) {
                into.putIfAbsent(name, value);
            } else if (value.isObject()) {
                collectIds(value, into, depth + 1);
            }
        });
    }
}
