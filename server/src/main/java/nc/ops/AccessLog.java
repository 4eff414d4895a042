package nc.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import nc.api.CompletedRequest;
import nc.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on the logger {@code nc.access} (on when that logger is at INFO):
 * plain text, or with {@code NC_LOG_FORMAT=json} one JSON object per line on standard output,
 * carrying the request id, operation and signing account. Never the query, body or headers.
 */
public final class AccessLog implements CompletedRequest.Listener {
    private static final Logger ACCESS = LoggerFactory.getLogger("nc.access");

    public enum Format {
        PLAIN, JSON;

        /** From {@code NC_LOG_FORMAT}: {@code json}, else plain. */
        public static Format of(String value) {
            return value != null && value.strip().toLowerCase(Locale.ROOT).equals("json") ? JSON : PLAIN;
        }
    }

    private final Format format;
    private final PrintStream out;

    public AccessLog(Format format) {
        this(format, new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8));
    }

    AccessLog(Format format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    @Override
    public void completed(CompletedRequest r) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        long micros = r.nanos() / 1000;
        if (format == Format.PLAIN) {
            ACCESS.info("{} {} {} {} {}us{}{}", r.requestId(), r.method(), r.path(), r.status(), micros,
                    r.errorStatus() == null ? "" : " " + r.errorStatus(), r.detail() == null ? "" : " " + r.detail());
            return;
        }
        ObjectNode line = Json.mapper().createObjectNode()
                .put("time", Instant.now().toString()).put("level", "INFO").put("logger", "nc.access")
                .put("requestId", r.requestId()).put("method", r.method()).put("path", r.path())
                .put("operation", r.operation()).put("account", r.accountId())
                .put("status", r.status()).put("micros", micros).put("error", r.errorStatus()).put("detail", r.detail());
        try {
            String text = Json.mapper().writeValueAsString(line);
            synchronized (out) {
                out.println(text);
            }
        } catch (JsonProcessingException e) {
            ACCESS.warn("cannot write the access line of {}", r.requestId(), e);
        }
    }
}
