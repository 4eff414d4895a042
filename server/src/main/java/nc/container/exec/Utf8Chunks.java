package nc.container.exec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Output bytes as text (§6.6): UTF-8, an incomplete sequence at the end of a chunk held back for
 * the next one, invalid bytes as U+FFFD.
 */
final class Utf8Chunks {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer held = ByteBuffer.allocate(0);

    String decode(byte[] data, int offset, int length) {
        ByteBuffer in = ByteBuffer.allocate(held.remaining() + length);
        in.put(held).put(data, offset, length).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        held = in.slice();
        return out.flip().toString();
    }

    /** What is still held, at the end of the stream. */
    String flush() {
        CharBuffer out = CharBuffer.allocate(held.remaining() + 2);
        decoder.decode(held, out, true);
        decoder.flush(out);
        held = ByteBuffer.allocate(0);
        return out.flip().toString();
    }
}
