package nc.api;

import java.nio.ByteBuffer;
import nc.common.Ids;
import nc.error.ErrorStatus;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (unparseable request line, bad headers, ambiguous URIs) still get
 * the JSON envelope, because JD Cloud's clients cannot read anything else.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** Every method gets the envelope, not only GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorStatus status = Envelope.statusFor(code);
        String requestId = Ids.requestId();
        response.setStatus(status.code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Envelope.CONTENT_TYPE);
        response.getHeaders().put("x-jdcloud-request-id", requestId);
        byte[] body = Envelope.error(requestId, status, "request rejected by the HTTP layer: " + reason(code, message), null);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int code, String reason, HttpFields.Mutable fields) {
        ErrorStatus status = Envelope.statusFor(code);
        String requestId = Ids.requestId();
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Envelope.CONTENT_TYPE));
        fields.put("x-jdcloud-request-id", requestId);
        return ByteBuffer.wrap(Envelope.error(requestId, code, status, "malformed HTTP request: " + reason(code, reason), null));
    }

    private static String reason(int code, String message) {
        return message == null || message.isBlank() ? "HTTP " + code : message;
    }
}
