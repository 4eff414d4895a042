package nc.api;

import java.util.function.Supplier;

/**
 * A GET path answered as is, outside the envelope and without a signature: health, info, metrics,
 * the OpenAPI document. Tools that read them (probes, Prometheus) expect their own formats.
 */
public record PlainEndpoint(String path, String summary, String contentType, Supplier<Answer> handler) {

    /** What the endpoint answers: a status and a body of {@link PlainEndpoint#contentType()}. */
    public record Answer(int status, byte[] body) {
        public static Answer ok(byte[] body) {
            return new Answer(200, body);
        }
    }

    public static PlainEndpoint json(String path, String summary, Supplier<Answer> handler) {
        return new PlainEndpoint(path, summary, "application/json; charset=UTF-8", handler);
    }

    /** A file of the web console: always the same bytes, and not an API (left out of the OpenAPI document). */
    public static PlainEndpoint asset(String path, String contentType, byte[] body) {
        return new PlainEndpoint(path, null, contentType, () -> Answer.ok(body));
    }

    /** False for console files. */
    public boolean documented() {
        return summary != null;
    }
}
