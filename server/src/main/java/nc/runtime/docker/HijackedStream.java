package nc.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import nc.runtime.ProcessIo;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's streams over the Engine's hijacked connection ({@code Upgrade: tcp}), spoken here
 * rather than through docker-java, whose transport cannot half-close: end of input must reach
 * the process as EOF (docs/api/nativecontainer.md §6.4). Output without a terminal is multiplexed in
 * frames of an 8-byte header (stream, 0, 0, 0, length big-endian) and the payload.
 */
final class HijackedStream implements ProcessIo {
    private static final Logger LOG = LoggerFactory.getLogger(HijackedStream.class);
    private static final int HEAD_LIMIT = 16 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final SocketChannel channel;
    private final Object writing = new Object();
    private volatile boolean inputClosed;

    private HijackedStream(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Sends {@code POST path} with the JSON body (null: none), expects 101, then pumps the output to
     * {@code output} on a thread of its own until the engine closes the stream.
     */
    static HijackedStream open(URI host, String path, java.util.Map<String, Object> json, boolean multiplexed, Output output,
            String threadName) {
        SocketChannel channel = connect(host);
        try {
            // without a body (attach) nothing may follow the head: the engine reads all of it as stdin
            byte[] body = json == null ? new byte[0] : JSON.writeValueAsBytes(json);
            String head = "POST " + path + " HTTP/1.1\r\nHost: docker\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            writeFully(channel, ByteBuffer.wrap(body));
            ByteBuffer rest = readHead(channel);
            HijackedStream stream = new HijackedStream(channel);
            Thread pump = new Thread(() -> stream.pump(rest, multiplexed, output), threadName);
            pump.setDaemon(true);
            pump.start();
            return stream;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e instanceof RuntimeFailure f ? f : new RuntimeFailure("engine stream " + path + ": " + e.getMessage(), e);
        }
    }

    private static SocketChannel connect(URI host) {
        try {
            if ("unix".equals(host.getScheme())) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(host.getPath()));
                return channel;
            }
            if ("tcp".equals(host.getScheme())) {
                return SocketChannel.open(new InetSocketAddress(host.getHost(), host.getPort()));
            }
            throw new RuntimeFailure("streams to the engine need a unix:// or tcp:// host, not " + host);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot reach the engine at " + host + ": " + e.getMessage(), e);
        }
    }

    /** Reads the response head; fails unless 101. Returns what was read beyond it. */
    private static ByteBuffer readHead(SocketChannel channel) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (head.size() < HEAD_LIMIT) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                break;
            }
            head.write(buffer.array(), 0, buffer.position());
            byte[] bytes = head.toByteArray();
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end >= 0) {
                String text = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                String status = text.lines().findFirst().orElse("");
                if (!status.matches("HTTP/1\\.[01] 101.*")) {
                    String rest = new String(bytes, end + 4, bytes.length - end - 4, StandardCharsets.UTF_8).strip();
                    throw new RuntimeFailure(rest.isEmpty() ? status : EngineErrors.messageOf(rest));
                }
                return ByteBuffer.wrap(bytes, end + 4, bytes.length - end - 4).slice();
            }
        }
        throw new RuntimeFailure("the engine did not upgrade the stream");
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void pump(ByteBuffer first, boolean multiplexed, Output output) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            buffer.put(first);
            while (true) {
                buffer.flip();
                if (multiplexed) {
                    deliverFrames(buffer, output);
                } else if (buffer.hasRemaining()) {
                    output.output(false, buffer.array(), buffer.position(), buffer.remaining());
                    buffer.position(buffer.limit());
                }
                buffer.compact();
                if (!buffer.hasRemaining()) {
                    // a frame larger than the buffer: grow to hold it
                    ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("engine stream ended", e);
        } catch (RuntimeException e) {
            LOG.debug("engine stream abandoned by its reader", e);
        } finally {
            closeQuietly(channel);
            output.ended();
        }
    }

    /** Delivers every complete frame, leaving a partial one in the buffer. */
    private static void deliverFrames(ByteBuffer buffer, Output output) {
        while (buffer.remaining() >= 8) {
            int start = buffer.position();
            int stream = buffer.get(start);
            int length = buffer.getInt(start + 4);
            if (buffer.remaining() < 8 + length) {
                return;
            }
            output.output(stream == 2, buffer.array(), buffer.arrayOffset() + start + 8, length);
            buffer.position(start + 8 + length);
        }
    }

    @Override
    public void write(byte[] data) {
        if (inputClosed) {
            return;
        }
        synchronized (writing) {
            try {
                writeFully(channel, ByteBuffer.wrap(data));
            } catch (IOException e) {
                LOG.debug("process input closed", e);
            }
        }
    }

    @Override
    public void closeStdin() {
        inputClosed = true;
        synchronized (writing) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                LOG.debug("half-close failed", e);
            }
        }
    }

    @Override
    public void close() {
        inputClosed = true;
        closeQuietly(channel);
    }

    private static void writeFully(SocketChannel channel, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }
}
