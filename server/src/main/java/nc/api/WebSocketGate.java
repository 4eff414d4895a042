package nc.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import nc.common.Ids;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket upgrades of the stream operations (docs/api/nativecontainer.md §6.3): authenticated and routed
 * like any signed GET, refused with the JSON envelope before any upgrade, upgraded (101) only once
 * every check passed. Other requests pass through untouched.
 */
final class WebSocketGate extends Handler.Wrapper {
    private static final Logger ACCESS = LoggerFactory.getLogger("nc.access");
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGate.class);
    /** §6.4: a piped stdin arrives as one message. */
    private static final long MAX_MESSAGE = 16L * 1024 * 1024;

    private final ApiServer api;
    private final Duration stallLimit;
    private ServerWebSocketContainer container;

    WebSocketGate(ApiServer api, Duration stallLimit) {
        this.api = api;
        this.stallLimit = stallLimit;
    }

    void bind(org.eclipse.jetty.server.Server server) {
        container = ServerWebSocketContainer.ensure(server);
        container.setMaxBinaryMessageSize(MAX_MESSAGE);
        container.setMaxTextMessageSize(MAX_MESSAGE);
        // no idle timeout of the transport: sessions end by their process, or by the session's own idle rule
        container.setIdleTimeout(Duration.ZERO);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || !"GET".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        long started = System.nanoTime();
        String requestId = Ids.requestId();
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        response.getHeaders().put("x-jdcloud-request-id", requestId);
        Call call = null;
        try {
            call = api.signedCall(requestId, "GET", rawPath, rawQuery, name -> request.getHeaders().get(name), new byte[0], null);
            StreamSession.Opener opener = call.operation().stream();
            if (opener == null) {
                throw ServiceException.invalid("Upgrade", "operation " + call.operation().name() + " does not take a WebSocket");
            }
            checkUpgrade(request, response);
            StreamSession session = opener.open(call);
            WebSocketEndpoint endpoint = new WebSocketEndpoint(session, stallLimit, api.webSocketSessions(), call.operation().name());
            boolean upgraded = container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> endpoint, request, response,
                    callback);
            if (!upgraded) {
                session.clientGone();
                throw ServiceException.invalid("Upgrade", "websocket upgrade required");
            }
            log(requestId, rawPath, 101, started, null, call);
            return true;
        } catch (ServiceException e) {
            refuse(response, callback, requestId, e);
            log(requestId, rawPath, e.status().code(), started, e, call);
            return true;
        } catch (RuntimeException e) {
            LOG.error("upgrade {} {} failed", requestId, rawPath, e);
            refuse(response, callback, requestId, new ServiceException(ErrorStatus.INTERNAL, "internal error; request id " + requestId));
            log(requestId, rawPath, 500, started, null, call);
            return true;
        }
    }

    /** §6.3: a Connection upgrade with a key, version 13. */
    private static void checkUpgrade(Request request, Response response) {
        String connection = request.getHeaders().get(HttpHeader.CONNECTION);
        String key = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY);
        if (connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade") || key == null) {
            throw ServiceException.invalid("Upgrade", "websocket upgrade required");
        }
        if (!"13".equals(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION))) {
            response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
            throw ServiceException.invalid("Sec-WebSocket-Version", "must be 13");
        }
    }

    private static void refuse(Response response, Callback callback, String requestId, ServiceException e) {
        response.setStatus(e.status().code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Envelope.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(Envelope.error(requestId, e.status(), e.getMessage(), e.field())), callback);
    }

    private static void log(String requestId, String rawPath, int status, long started, ServiceException failure, Call call) {
        if (ACCESS.isInfoEnabled()) {
            String detail = call == null || call.logDetail() == null ? "" : " " + call.logDetail();
            ACCESS.info("{} GET {} {} {}us{}{}", requestId, rawPath, status, (System.nanoTime() - started) / 1000,
                    failure == null ? "" : " " + failure.status(), detail);
        }
    }
}
