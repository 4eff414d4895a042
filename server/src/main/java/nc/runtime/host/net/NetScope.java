package nc.runtime.host.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name space of everything one nc service adds to the host: iptables chains are called
 * {@code NC<token>-...}, rules nc puts into other chains carry the comment {@code nc:<token>...},
 * IFB devices carry the alias {@code nc:<token>:...}. Two nc services on one machine (or the
 * servers of parallel tests) use different tokens and never touch each other's rules.
 *
 * @param token 1–8 letters or digits
 */
public record NetScope(String token) {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,8}");

    public NetScope {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("scope token must be 1-8 letters or digits: " + token);
        }
    }

    /** The scope of a service id (e.g. the {@code nc.owner} label value): 6 hex digits of its hash. */
    public static NetScope forOwner(String ownerId) {
        return new NetScope(hash(ownerId, 6));
    }

    /** Prefix of every chain of this scope, e.g. {@code NCa1b2c3-}. */
    public String chainPrefix() {
        return "NC" + token + "-";
    }

    /** A chain of this scope; iptables allows 28 characters, this stays under 24. */
    String chain(String suffix) {
        return chainPrefix() + suffix;
    }

    /** Comment carried by rules of this scope; {@code detail} may be empty. Never contains spaces or quotes. */
    String comment(String detail) {
        return detail.isEmpty() ? "nc:" + token : "nc:" + token + ":" + detail;
    }

    /** The per-object part of a chain name: 10 hex digits of the object id's hash. */
    static String key(String id) {
        return hash(id, 10);
    }

    static String hash(String text, int hexDigits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
