package nc.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.0 document of the operation table, made from the table itself so that it cannot
 * drift from what is routed. It gives each operation's method, path, parameters, who may call it
 * and the envelope it answers with; fields and rules are in docs/api/.
 */
public final class OpenApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String ENVELOPE = "#/components/schemas/Envelope";
    private static final String ERROR = "#/components/schemas/ErrorEnvelope";

    private OpenApi() {
    }

    public static ObjectNode document(String version, List<Operation> operations, List<PlainEndpoint> plain) {
        ObjectNode doc = F.objectNode().put("openapi", "3.0.3");
        doc.putObject("info").put("title", "nc: JD Cloud Native Container, vpc and disk APIs").put("version", version)
                .put("description", "Signed operations answer for the services in x-nc-services (the scope service of the"
                        + " JDCLOUD2/JDCLOUD3 signature); fields and rules: docs/api/nc.md and docs/api/vpc-disk.md.");
        ObjectNode paths = doc.putObject("paths");
        for (Operation op : operations) {
            ObjectNode path = paths.has(op.template()) ? (ObjectNode) paths.get(op.template()) : paths.putObject(op.template());
            String method = op.method().toLowerCase(java.util.Locale.ROOT);
            if (path.has(method)) {
                throw new IllegalStateException("two operations on " + op.method() + " " + op.template());
            }
            path.set(method, operation(op));
        }
        for (PlainEndpoint endpoint : plain.stream().filter(PlainEndpoint::documented).toList()) {
            ObjectNode get = paths.putObject(endpoint.path()).putObject("get");
            get.put("operationId", "ops" + endpoint.path().replaceAll("[^A-Za-z0-9]+", "_")).put("summary", endpoint.summary());
            get.putArray("tags").add("ops");
            get.putArray("security");
            String type = endpoint.contentType().split(";")[0];
            get.putObject("responses").putObject("200").put("description", endpoint.summary())
                    .putObject("content").putObject(type).putObject("schema").put("type", type.contains("json") ? "object" : "string");
        }
        doc.set("components", components());
        return doc;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode node = F.objectNode();
        node.put("operationId", switch (op.access()) {
            case SIGNED -> op.name();
            case OPERATOR -> "admin_" + op.name();
            case PUBLIC -> "public_" + op.name();
        });
        node.put("summary", op.name());
        ArrayNode tags = node.putArray("tags");
        switch (op.access()) {
            case SIGNED -> {
                TreeSet<String> services = new TreeSet<>(op.services());
                tags.add(services.first());
                ArrayNode list = node.putArray("x-nc-services");
                services.forEach(list::add);
                node.putArray("security").addObject().putArray("jdcloudSignature");
            }
            case OPERATOR -> {
                tags.add("admin");
                node.putArray("security").addObject().putArray("operatorToken");
            }
            case PUBLIC -> {
                tags.add("ops");
                node.putArray("security");
            }
        }
        ArrayNode parameters = node.putArray("parameters");
        Matcher m = PARAM.matcher(op.template());
        while (m.find()) {
            parameters.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        if (op.method().equals("POST") || op.method().equals("PATCH") || op.method().equals("PUT")) {
            node.putObject("requestBody").put("required", false).putObject("content").putObject("application/json")
                    .putObject("schema").put("type", "object");
        }
        ObjectNode responses = node.putObject("responses");
        responses.putObject("200").put("description", "success: requestId and, when the operation has one, result")
                .putObject("content").putObject("application/json").putObject("schema").put("$ref", ENVELOPE);
        responses.putObject("default").put("description", "refusal: requestId and error (docs/api/nc.md §3)")
                .putObject("content").putObject("application/json").putObject("schema").put("$ref", ERROR);
        return node;
    }

    private static ObjectNode components() {
        ObjectNode components = F.objectNode();
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("jdcloudSignature").put("type", "apiKey").put("in", "header").put("name", "Authorization")
                .put("description", "JDCLOUD2-HMAC-SHA256 or JDCLOUD3-HMAC-SHA256 signature with x-jdcloud-date and"
                        + " x-jdcloud-nonce (docs/api/nc.md §2)");
        schemes.putObject("operatorToken").put("type", "http").put("scheme", "bearer")
                .put("description", "the contents of <data>/admin-token");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode envelope = schemas.putObject("Envelope").put("type", "object");
        envelope.putArray("required").add("requestId");
        ObjectNode props = envelope.putObject("properties");
        props.putObject("requestId").put("type", "string");
        props.putObject("result").put("type", "object");
        ObjectNode error = schemas.putObject("ErrorEnvelope").put("type", "object");
        error.putArray("required").add("requestId").add("error");
        ObjectNode errorProps = error.putObject("properties");
        errorProps.putObject("requestId").put("type", "string");
        ObjectNode body = errorProps.putObject("error").put("type", "object");
        body.putArray("required").add("code").add("status").add("message");
        ObjectNode bodyProps = body.putObject("properties");
        bodyProps.putObject("code").put("type", "integer");
        bodyProps.putObject("status").put("type", "string");
        bodyProps.putObject("message").put("type", "string");
        bodyProps.putObject("details").put("type", "array").putObject("items").put("type", "object")
                .putObject("additionalProperties").put("type", "string");
        return components;
    }
}
