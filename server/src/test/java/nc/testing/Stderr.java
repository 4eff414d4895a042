package nc.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the server logs (slf4j-simple writes to System.err) while a test acts. */
public final class Stderr {
    private Stderr() {
    }

    /** Everything written to System.err (where slf4j-simple logs) while {@code action} runs; still echoed. */
    public static String capture(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

}
