package nc.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals values that must never sit in the database in clear (registry passwords, secret keys, the
 * operator token): AES-256-GCM with the master key, which is kept apart from the database. Sealed
 * text is {@code <key id>:Base64(nonce || ciphertext || tag)}; the key id (8 hex characters of a
 * hash of the key, which tells nothing of the key) says which key opens it, so that during a
 * rotation the old key and the new one both open values until every value is resealed. Values
 * sealed before key ids existed have no prefix and are tried with every key.
 */
public final class AtRestCipher {
    /** The id of values sealed before sealed text carried one. */
    public static final String UNLABELLED = "-";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int ID_CHARS = 8;
    private final MasterKey current;
    /** Every key that opens values, the current one first. */
    private final Map<String, MasterKey> opening = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** One AES-256 key and its id. */
    public record MasterKey(String id, SecretKeySpec spec) {
        public static MasterKey of(byte[] key) {
            if (key.length != 32) {
                throw new IllegalArgumentException("a master key is 32 bytes (Base64 of 32 random bytes), not " + key.length);
            }
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update("nc master key id\n".getBytes(StandardCharsets.US_ASCII));
                String id = HexFormat.of().formatHex(sha.digest(key)).substring(0, ID_CHARS);
                return new MasterKey(id, new SecretKeySpec(key, "AES"));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        @Override
        public String toString() {
            return "MasterKey[" + id + "]";
        }
    }

    /** Seals with {@code current}; opens with it and with each of {@code alsoOpening} (a rotation under way). */
    public AtRestCipher(MasterKey current, List<MasterKey> alsoOpening) {
        this.current = current;
        opening.put(current.id(), current);
        alsoOpening.forEach(k -> opening.putIfAbsent(k.id(), k));
    }

    /** The id of the key new values are sealed with. */
    public String keyId() {
        return current.id();
    }

    /** The ids of every key this cipher opens values with, the current one first. */
    public List<String> openingKeyIds() {
        return new ArrayList<>(opening.keySet());
    }

    /** The key id of a sealed text, or {@link #UNLABELLED}. */
    public static String keyIdOf(String sealedText) {
        return sealedText.length() > ID_CHARS && sealedText.charAt(ID_CHARS) == ':' ? sealedText.substring(0, ID_CHARS) : UNLABELLED;
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return current.id() + ':' + java.util.Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String open(String sealedText) {
        String id = keyIdOf(sealedText);
        if (id.equals(UNLABELLED)) {
            byte[] in = java.util.Base64.getDecoder().decode(sealedText);
            for (MasterKey key : opening.values()) {
                try {
                    return decrypt(key, in);
                } catch (GeneralSecurityException wrongKey) {
                    // the next key, if any
                }
            }
            throw new IllegalStateException("sealed value does not open with any master key this server was given");
        }
        MasterKey key = opening.get(id);
        if (key == null) {
            throw new IllegalStateException("sealed value is sealed with master key " + id + ", which this server was not given");
        }
        try {
            return decrypt(key, java.util.Base64.getDecoder().decode(sealedText.substring(ID_CHARS + 1)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed value does not open with master key " + id, e);
        }
    }

    /** True when this cipher opens the value. */
    public boolean opens(String sealedText) {
        try {
            open(sealedText);
            return true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String decrypt(MasterKey key, byte[] in) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
        return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }
}
