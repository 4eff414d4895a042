package nc.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The servlet layer rewrites our media type to "application/json;charset=utf-8"; docs/api/nc.md §1.5
 * names the exact header, so it is put back just before the response head is written.
 */
final class ExactContentType extends Handler.Wrapper {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, new Response.Wrapper(request, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                if (!isCommitted()) {
                    String type = getHeaders().get(HttpHeader.CONTENT_TYPE);
                    if (type != null && type.startsWith("application/json")) {
                        getHeaders().put(HttpHeader.CONTENT_TYPE, Envelope.CONTENT_TYPE);
                    }
                }
                super.write(last, content, writeCallback);
            }
        }, callback);
    }
}
