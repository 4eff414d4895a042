package nc.vpcdns;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message preceded by its length in two bytes,
 * several queries one after another on a connection, answered in order. A thread per connection,
 * bounded by {@link VpcResolver.Limits}: connections in all and per client address (each VPC's
 * queries come from its router's one address, so one VPC cannot take every connection), the time
 * a connection may stay idle (or take to send one query), and the length of a query (a longer one
 * closes the connection before anything of it is read).
 */
final class TcpListener implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocket server;
    private final VpcResolver.Limits limits;
    /** Whether connections from the address are served at all (a stranger's are closed at once, holding no place). */
    private final Predicate<InetAddress> admitted;
    /** Answers a query from the address; empty: no answer, the connection is closed. */
    private final BiFunction<byte[], InetAddress, Optional<byte[]>> answer;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> openBySource = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService serving = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nc-vpc-dns-tcp");
        t.setDaemon(true);
        return t;
    });

    TcpListener(ServerSocket server, VpcResolver.Limits limits, Predicate<InetAddress> admitted, BiFunction<byte[], InetAddress, Optional<byte[]>> answer) {
        this.server = server;
        this.limits = limits;
        this.admitted = admitted;
        this.answer = answer;
        Thread accepting = new Thread(this::accept, "nc-vpc-dns-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("the VPC resolver could not accept a TCP connection", e);
                }
                continue;
            }
            InetAddress source = socket.getInetAddress();
            if (!admitted.test(source) || !take(source)) {
                // a stranger, or over the limit: closed at once (RFC 7766 6.2.2 lets a busy server do so), no thread spent
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            try {
                serving.execute(() -> {
                    try {
                        serve(socket);
                    } finally {
                        connections.remove(socket);
                        closeQuietly(socket);
                        release(source);
                    }
                });
            } catch (RejectedExecutionException e) {
                connections.remove(socket);
                closeQuietly(socket);
                release(source);
                return;
            }
        }
    }

    /** A slot for one more connection from the address, when both limits allow it. */
    private boolean take(InetAddress source) {
        if (open.incrementAndGet() > limits.connections()) {
            open.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        openBySource.compute(source, (s, n) -> {
            int mine = n == null ? 0 : n;
            if (mine >= limits.connectionsPerClient()) {
                return n;
            }
            taken[0] = true;
            return mine + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
        }
        return taken[0];
    }

    private void release(InetAddress source) {
        openBySource.computeIfPresent(source, (s, n) -> n == 1 ? null : n - 1);
        open.decrementAndGet();
    }

    /** Queries answered one after another until the client closes, goes idle, breaks a limit or gets no answer. */
    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] query = next(socket, in);
                if (query == null) {
                    return;
                }
                Optional<byte[]> reply = answer.apply(query, socket.getInetAddress());
                if (reply.isEmpty()) {
                    return;
                }
                out.writeShort(reply.get().length);
                out.write(reply.get());
                out.flush();
            }
        } catch (SocketTimeoutException | EOFException e) {
            // idle too long, or gone in the middle of a message: the connection ends
        } catch (IOException e) {
            if (!server.isClosed()) {
                LOG.debug("the VPC resolver's TCP connection from {} failed", socket.getRemoteSocketAddress(), e);
            }
        }
    }

    /**
     * The next query, read in full within the idle timeout (a client trickling bytes gets no more
     * time than an idle one); null when the client closed, or announced a query longer than allowed.
     */
    private byte[] next(Socket socket, DataInputStream in) throws IOException {
        long deadline = System.nanoTime() + limits.idleTimeout().toNanos();
        byte[] prefix = new byte[2];
        if (!readFully(socket, in, prefix, deadline, true)) {
            return null;
        }
        int length = ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff);
        if (length == 0 || length > limits.maxQueryBytes()) {
            return null;
        }
        byte[] query = new byte[length];
        readFully(socket, in, query, deadline, false);
        return query;
    }

    /** False when the stream ended before the first byte and that is allowed; EOFException when it ends later. */
    private static boolean readFully(Socket socket, InputStream in, byte[] into, long deadline, boolean mayEnd) throws IOException {
        int got = 0;
        while (got < into.length) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("idle");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(into, got, into.length - got);
            if (n < 0) {
                if (got == 0 && mayEnd) {
                    return false;
                }
                throw new EOFException();
            }
            got += n;
        }
        return true;
    }

    int port() {
        return server.getLocalPort();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a TCP connection of the VPC resolver failed", e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the VPC resolver's TCP socket failed", e);
        }
        connections.forEach(TcpListener::closeQuietly);
        serving.shutdownNow();
    }
}
