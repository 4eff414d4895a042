package nc.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.runtime.PullFailure;
import nc.runtime.RuntimeFailure;

/** Turns docker-java's exceptions into RuntimeFailure carrying the engine's own words. */
final class EngineErrors {
    private static final Pattern STATUS_PREFIX = Pattern.compile("(?s)^Status \\d+: (.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineErrors() {
    }

    /**
     * The failure for an engine call. A docker-java exception is not kept as the cause, so that no
     * docker-java type reaches callers; transport errors (socket, timeout) are kept.
     */
    static RuntimeFailure failure(RuntimeException e) {
        if (e instanceof DockerException docker) {
            return new RuntimeFailure(engineMessage(docker));
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return new RuntimeFailure("Docker Engine unreachable or failed: " + message, root);
    }

    /** The engine answers errors as {"message": "..."}; docker-java prefixes "Status NNN: ". */
    static String engineMessage(DockerException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = STATUS_PREFIX.matcher(text);
        String body = m.matches() ? m.group(1).trim() : text.trim();
        return body.isEmpty() ? "engine answered HTTP " + e.getHttpStatus() : messageOf(body);
    }

    /** The {@code message} of an error body (JSON, possibly inside chunked framing); else the body itself. */
    static String messageOf(String body) {
        int open = body.indexOf('{');
        int close = body.lastIndexOf('}');
        if (open >= 0 && close > open) {
            try {
                JsonNode message = JSON.readTree(body.substring(open, close + 1)).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText();
                }
            } catch (Exception notJson) {
                // keep the body as it is
            }
        }
        return body;
    }

    /** A failed pull by what it means, from the engine's (or registry's) words. */
    static PullFailure pullFailure(String engineMessage) {
        String text = engineMessage.toLowerCase(java.util.Locale.ROOT);
        PullFailure.Kind kind;
        if (text.contains("unauthorized") || text.contains("authentication required") || text.contains("incorrect username or password")
                || text.contains("no basic auth credentials")) {
            kind = PullFailure.Kind.UNAUTHORIZED;
        } else if (text.contains("manifest unknown") || text.contains("not found") || text.contains("repository does not exist")
                || text.contains("pull access denied") || text.contains("name unknown")) {
            kind = PullFailure.Kind.NOT_FOUND;
        } else {
            kind = PullFailure.Kind.UNREACHABLE;
        }
        return new PullFailure(kind, engineMessage);
    }
}
