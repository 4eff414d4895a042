package nc.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two ends of a request/response stream, each run (with nsenter) inside a container's network
 * namespace: {@code server PORT} echoes 64-byte requests; {@code client IP PORT SECONDS} sends one
 * request at a time for that long and prints the count, the median, p99 and the longest wait for
 * an answer (a stall). Bounded in time; one connection; traffic only to the given container.
 */
public final class EchoPeer {
    private EchoPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            try (ServerSocket listener = new ServerSocket(Integer.parseInt(args[1]))) {
                listener.setSoTimeout(120_000);
                try (Socket s = listener.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    byte[] buffer = new byte[64];
                    while (true) {
                        try {
                            in.readFully(buffer);
                        } catch (java.io.EOFException done) {
                            return;
                        }
                        out.write(buffer);
                        out.flush();
                    }
                }
            }
        }
        long seconds = Long.parseLong(args[3]);
        // the server may not listen yet: a new socket per attempt (a socket whose connect failed is closed)
        long connectUntil = System.nanoTime() + 10_000_000_000L;
        Socket connected;
        while (true) {
            Socket attempt = new Socket();
            try {
                attempt.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 1000);
                connected = attempt;
                break;
            } catch (java.io.IOException notYet) {
                attempt.close();
                if (System.nanoTime() > connectUntil) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
        try (Socket s = connected) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] buffer = new byte[64];
            long[] waits = new long[4_000_000];
            int n = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end && n < waits.length) {
                long sent = System.nanoTime();
                out.write(buffer);
                out.flush();
                in.readFully(buffer);
                waits[n++] = System.nanoTime() - sent;
            }
            long[] sorted = Arrays.copyOf(waits, n);
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "requests=%d median_us=%.1f p99_us=%.1f max_ms=%.3f%n", n, sorted[n / 2] / 1e3,
                    sorted[(int) (n * 0.99)] / 1e3, sorted[n - 1] / 1e6);
        }
    }
}
