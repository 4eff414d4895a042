package nc.container;

import java.nio.charset.StandardCharsets;

/** Cutting text to a byte budget without splitting a UTF-8 sequence. */
final class Utf8 {
    private Utf8() {
    }

    static String firstBytes(String text, int limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit) {
            return text;
        }
        int end = limit;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
