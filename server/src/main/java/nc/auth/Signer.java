package nc.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The JDCLOUD2/JDCLOUD3-HMAC-SHA256 computation of docs/api/nc.md §2.1, from the server's side. */
public final class Signer {
    private static final HexFormat HEX = HexFormat.of();

    private Signer() {
    }

    public static String canonicalRequest(SignedRequest request, Authorization auth) {
        return request.method().toUpperCase(Locale.ROOT) + "\n"
                + canonicalUri(request.rawPath()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders(request, auth) + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + hex(sha256(request.body()));
    }

    public static String stringToSign(String xJdcloudDate, Authorization auth, String canonicalRequest) {
        return auth.algorithm().headerName() + "\n"
                + xJdcloudDate + "\n"
                + auth.credentialScope() + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] signingKey(Algorithm algorithm, String secretKey, String date8, String region, String service) {
        byte[] kDate = hmac((algorithm.keyPrefix() + secretKey).getBytes(StandardCharsets.UTF_8), date8);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, algorithm.terminator());
    }

    /** The hex signature the client should have sent for this request. */
    public static String expectedSignature(SignedRequest request, Authorization auth, String xJdcloudDate, String secretKey) {
        String toSign = stringToSign(xJdcloudDate, auth, canonicalRequest(request, auth));
        byte[] key = signingKey(auth.algorithm(), secretKey, auth.date8(), auth.region(), auth.service());
        return hex(hmac(key, toSign));
    }

    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return UriEncoding.strict(UriEncoding.decodePath(rawPath), true);
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {
                UriEncoding.strict(UriEncoding.decodeForm(name), false),
                UriEncoding.strict(UriEncoding.decodeForm(value), false)});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    private static String canonicalHeaders(SignedRequest request, Authorization auth) {
        StringBuilder out = new StringBuilder();
        for (String name : auth.signedHeaders()) {
            String value = request.header().apply(name);
            value = value == null ? "" : value.strip();
            if (auth.algorithm().collapsesHeaderWhitespace()) {
                value = value.replaceAll("\\s+", " ");
            }
            out.append(name).append(':').append(value).append('\n');
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
