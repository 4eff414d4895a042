package nc.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's side of one stream session (public: Jetty calls it through method handles): frames in,
 * messages out with a bound on what the client has not read yet.
 */
public final class WebSocketEndpoint implements Session.Listener.AutoDemanding, StreamSession.Peer {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    /** §6.6: output unread by the client, per session, before the process is made to wait. */
    static final long MAX_UNREAD = 1024 * 1024;

    private final StreamSession session;
    private final long stallNanos;
    private final AtomicLong unread = new AtomicLong();
    private final Object sent = new Object();
    private volatile Session socket;
    private final WebSocketSessions sessions;
    private final String operation;
    private final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();

    WebSocketEndpoint(StreamSession session, Duration stallLimit, WebSocketSessions sessions, String operation) {
        this.session = session;
        this.stallNanos = stallLimit.toNanos();
        this.sessions = sessions;
        this.operation = operation;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = opened;
        counted.set(true);
        sessions.opened(operation);
        session.start(this);
    }

    /** Counted out once, whether the session ends by a close or an error. */
    private void ended() {
        if (counted.compareAndSet(true, false)) {
            sessions.closed(operation);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        try {
            session.input(payload);
            callback.succeed();
        } catch (RuntimeException e) {
            callback.fail(e);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        session.input(ByteBuffer.wrap(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ended();
        session.clientGone();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("websocket session error", cause);
        ended();
        session.clientGone();
    }

    @Override
    public void send(byte[] message) {
        Session s = socket;
        if (s == null || !s.isOpen()) {
            return;
        }
        long deadline = System.nanoTime() + stallNanos;
        synchronized (sent) {
            while (unread.get() > MAX_UNREAD) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StreamSession.Stalled("the client has not read " + unread.get() + " bytes of output for "
                            + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s");
                }
                try {
                    sent.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StreamSession.Stalled("interrupted");
                }
            }
        }
        unread.addAndGet(message.length);
        s.sendBinary(ByteBuffer.wrap(message), org.eclipse.jetty.websocket.api.Callback.from(
                () -> delivered(message.length), failure -> delivered(message.length)));
    }

    private void delivered(int bytes) {
        unread.addAndGet(-bytes);
        synchronized (sent) {
            sent.notifyAll();
        }
    }

    @Override
    public void close(int code, String reason) {
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }
}
