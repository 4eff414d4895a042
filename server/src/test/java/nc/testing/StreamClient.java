package nc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of docs/api/nativecontainer.md §6 as jdc is: the upgrade signed by JD's signer, data
 * sent as binary frames, server messages read as JSON objects. Reading can be held back to act as
 * a client that does not read its output.
 */
public final class StreamClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A message from the server: a JSON object, or the close with its code. */
    public record Message(JsonNode json, int closeCode) {
        public boolean isClose() {
            return json == null;
        }
    }

    /** The refusal of an upgrade: its HTTP status and envelope. */
    public record Refusal(int status, String body) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final boolean reading;
    private final List<ByteBuffer> parts = new ArrayList<>();
    private WebSocket socket;

    private StreamClient(boolean reading) {
        this.reading = reading;
    }

    /** Opens a session: {@code path} like {@code /v1/regions/cn-north-1/containers/c-x:execStart}. */
    public static StreamClient open(SignedClient client, String path, Map<String, ?> query) {
        return open(client, path, query, true);
    }

    /** As {@link #open(SignedClient, String, Map)}; {@code reading} false reads nothing after the first message. */
    public static StreamClient open(SignedClient client, String path, Map<String, ?> query, boolean reading) {
        StreamClient listener = new StreamClient(reading);
        try {
            listener.socket = builder(client, path, query).buildAsync(uri(client, path, query), listener).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("upgrade refused: " + refusal(e), e);
        }
        return listener;
    }

    /** The refusal of an upgrade that must fail. */
    public static Refusal refused(SignedClient client, String path, Map<String, ?> query) {
        try {
            WebSocket ws = builder(client, path, query).buildAsync(uri(client, path, query), new StreamClient(true)).join();
            ws.abort();
            throw new AssertionError("upgrade of " + path + " was accepted");
        } catch (CompletionException e) {
            return refusal(e);
        }
    }

    private static Refusal refusal(CompletionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException h) {
            Object body = h.getResponse().body();
            return new Refusal(h.getResponse().statusCode(), body == null ? "" : body.toString());
        }
        throw e;
    }

    private static WebSocket.Builder builder(SignedClient client, String path, Map<String, ?> query) {
        SignedClient.SignedParts signed = client.sign("GET", path, query, new byte[0]);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        signed.headers().forEach(builder::header);
        return builder;
    }

    private static URI uri(SignedClient client, String path, Map<String, ?> query) {
        SignedClient.SignedParts signed = client.sign("GET", path, query, new byte[0]);
        String base = client.endpoint().replaceFirst("^http", "ws");
        return URI.create(base + path + (signed.query().isEmpty() ? "" : "?" + signed.query()));
    }

    public void send(String data) {
        send(data.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next message, or fails after the timeout. */
    public Message next(Duration timeout) {
        try {
            Message m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + timeout);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything the session still sends, up to its close (which must come within the timeout). */
    public List<Message> untilClose(Duration timeout) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            all.add(m);
            if (m.isClose()) {
                return all;
            }
        }
    }

    /** The concatenated output of one stream among messages. */
    public static String output(List<Message> received, String stream) {
        StringBuilder out = new StringBuilder();
        for (Message m : received) {
            if (!m.isClose() && stream.equals(m.json().path("streamType").asText())) {
                out.append(m.json().path("output").asText());
            }
        }
        return out.toString();
    }

    /** A client that held back reading starts reading everything. */
    public void resume() {
        socket.request(Long.MAX_VALUE);
    }

    /** Drops the connection without a close handshake (a client that disappears). */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        parts.add(copy);
        if (last) {
            int size = parts.stream().mapToInt(ByteBuffer::remaining).sum();
            byte[] whole = new byte[size];
            int at = 0;
            for (ByteBuffer p : parts) {
                int n = p.remaining();
                p.get(whole, at, n);
                at += n;
            }
            parts.clear();
            try {
                messages.add(new Message(JSON.readTree(whole), 0));
            } catch (java.io.IOException e) {
                messages.add(new Message(JSON.getNodeFactory().textNode("raw:" + new String(whole, StandardCharsets.UTF_8)), 0));
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        messages.add(new Message(JSON.getNodeFactory().textNode("text:" + data), 0));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        messages.add(new Message(null, statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        messages.add(new Message(null, -1));
    }
}
