package nc.api;

import java.nio.ByteBuffer;

/**
 * One WebSocket session of a stream operation (docs/api/nativecontainer.md §6), independent of the transport:
 * it is made after every check passed and started once the 101 is on its way.
 */
public interface StreamSession {

    /** The upgrade is done: from now on the session talks to the client through the peer. */
    void start(Peer peer);

    /** A data message from the client (binary, or text as its UTF-8 bytes); the call may block to slow the client down. */
    void input(ByteBuffer data);

    /** The client closed the session or its connection went away. */
    void clientGone();

    /** The client's end of a session. */
    interface Peer {
        /** Sends one binary message; blocks while too much is unread, fails with {@link Stalled} when that lasts. */
        void send(byte[] message);

        /** Closes the session with this WebSocket close code. */
        void close(int code, String reason);
    }

    /** The client has not read its output for too long: the session is over. */
    final class Stalled extends RuntimeException {
        public Stalled(String message) {
            super(message);
        }
    }

    /** Opens a session for an authenticated call after its checks (refusals are ServiceExceptions, sent as HTTP). */
    @FunctionalInterface
    interface Opener {
        StreamSession open(Call call);
    }
}
