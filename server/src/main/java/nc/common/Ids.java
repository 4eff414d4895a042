package nc.common;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Random identifiers in the formats of docs/api/nc.md §1.5: lower-case letters and digits. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A resource id: the prefix (for example {@code c-}) and 10 characters. */
    public static String resource(String prefix) {
        return prefix + random(ALPHABET, 10, RANDOM);
    }

    /**
     * One per response: unique enough from a per-thread generator, which unlike the shared
     * SecureRandom every request thread does not queue for.
     */
    public static String requestId() {
        return random(ALPHABET, 32, ThreadLocalRandom.current());
    }

    /** Access and secret keys look like JD Cloud's: 32 upper-case hex characters. */
    public static String key() {
        return random(HEX_UPPER, 32, RANDOM);
    }

    /** A credential such as the operator token: 43 characters from SecureRandom (over 220 bits). */
    public static String token() {
        return random(ALPHABET, 43, RANDOM);
    }

    private static String random(char[] alphabet, int length, RandomGenerator random) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
