package nc.runtime.docker;

import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import nc.runtime.ProcessIo;

/**
 * The engine reports an exec whose executable cannot run as output ("OCI runtime exec failed: …")
 * and exit code 126 either way. docs/api/nativecontainer.md §6.6 and §3.3 want it on stderr as
 * {@code exec failed: <reason>} with 127 when the executable is missing, 126 when it cannot run:
 * this filter recognises it in the first output and reports the code.
 */
final class ExecStartFailure implements ProcessIo.Output {
    private static final String PREFIX = "OCI runtime exec failed: ";

    private final ProcessIo.Output output;
    private final IntConsumer failedWith;
    private boolean first = true;

    ExecStartFailure(ProcessIo.Output output, IntConsumer failedWith) {
        this.output = output;
        this.failedWith = failedWith;
    }

    @Override
    public void output(boolean stderr, byte[] data, int offset, int length) {
        if (first) {
            first = false;
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                String reason = text.substring(PREFIX.length()).strip();
                if (reason.endsWith(": unknown")) {
                    reason = reason.substring(0, reason.length() - ": unknown".length());
                }
                failedWith.accept(reason.contains("no such file or directory") || reason.contains("executable file not found")
                        ? 127 : 126);
                byte[] message = ("exec failed: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
                output.output(true, message, 0, message.length);
                return;
            }
        }
        output.output(stderr, data, offset, length);
    }

    @Override
    public void ended() {
        output.ended();
    }
}
