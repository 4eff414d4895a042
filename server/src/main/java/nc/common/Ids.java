package nc.common;

import java.security.SecureRandom;

/** Random identifiers in the formats of API.md §1.5: lower-case letters and digits. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A resource id: the prefix (for example {@code c-}) and 10 characters. */
    public static String resource(String prefix) {
        return prefix + random(ALPHABET, 10);
    }

    public static String requestId() {
        return random(ALPHABET, 32);
    }

    /** Access and secret keys look like JD Cloud's: 32 upper-case hex characters. */
    public static String key() {
        return random(HEX_UPPER, 32);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
