package nc.runtime.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a log stream in the order the engine sends it: stdout and stderr frames interleaved,
 * or one raw stream for tty containers. Bytes are decoded once at the end so that a UTF-8
 * sequence split across frames stays whole.
 */
final class LogCollector extends StreamCallback<Frame> {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onNext(Frame frame) {
        // docker-java reuses the frame's buffer for the next read: copy now
        if (frame.getStreamType() != StreamType.STDIN) {
            synchronized (bytes) {
                bytes.writeBytes(frame.getPayload());
            }
        }
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
