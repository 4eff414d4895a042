package nc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Bounded TCP transfers between the test and a container, timed at the receiving end, in megabits per second. */
public final class Throughput {

    private Throughput() {
    }

    /**
     * Listens on {@code address}, lets {@code sender} (given the port) make the container send
     * {@code bytes} (a multiple of 1000) to it, and times them from the first byte to EOF.
     */
    public static double received(String address, int bytes, IntConsumer sender) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0));
            server.setSoTimeout(20_000);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sender.accept(server.getLocalPort()));
            long total;
            int first;
            double seconds;
            // closed before waiting for the sender: busybox nc exits when the other side closes
            try (Socket c = server.accept(); InputStream in = c.getInputStream()) {
                c.setSoTimeout(60_000);
                byte[] buf = new byte[65536];
                first = in.read(buf);
                long start = System.nanoTime();
                total = Math.max(first, 0);
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                }
                seconds = (System.nanoTime() - start) / 1e9;
            }
            sending.get(30, TimeUnit.SECONDS);
            assertThat(total).isEqualTo(bytes);
            return (total - first) * 8 / seconds / 1e6;
        }
    }

    /** The container's shell command that sends {@code bytes} zeros to {@code address}:{@code port}. */
    public static String sendCommand(int bytes, String address, int port) {
        return "dd if=/dev/zero bs=1000 count=" + (bytes / 1000) + " 2>/dev/null | nc -w 5 " + address + " " + port;
    }

    /**
     * The container's shell command for a listener on {@code port} that reads to EOF and only
     * then closes (its stdin stays open), for {@link #sent}.
     */
    public static String sinkCommand(int port) {
        return "tail -f /dev/null | nc -l -p " + port + " > /dev/null";
    }

    /** Sends {@code bytes} to a {@link #sinkCommand} listener, timed until the listener closes after EOF. */
    public static double sent(InetSocketAddress to, int bytes) {
        try (Socket c = new Socket()) {
            c.connect(to, 5000);
            c.setSoTimeout(60_000);
            long start = System.nanoTime();
            OutputStream out = c.getOutputStream();
            byte[] buf = new byte[65536];
            for (int left = bytes; left > 0; left -= Math.min(left, buf.length)) {
                out.write(buf, 0, Math.min(left, buf.length));
            }
            c.shutdownOutput();
            int eof = c.getInputStream().read();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(eof).isEqualTo(-1);
            return bytes * 8 / seconds / 1e6;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
