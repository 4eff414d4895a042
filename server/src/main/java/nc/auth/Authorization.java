package nc.auth;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsed {@code Authorization} header (docs/api/nc.md §2.3 step 1). */
public record Authorization(
        Algorithm algorithm,
        String accessKey,
        String date8,
        String region,
        String service,
        List<String> signedHeaders,
        String signature) {

    private static final Pattern FORMAT = Pattern.compile(
            "^(JDCLOUD2|JDCLOUD3)-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/(jdcloud2_request|jdcloud3_request),"
                    + " SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$");

    /** Empty when the header is absent, malformed, or its algorithm and terminator disagree. */
    public static Optional<Authorization> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        Algorithm algorithm = Algorithm.byHeaderName(m.group(1) + "-HMAC-SHA256");
        if (algorithm == null || !algorithm.terminator().equals(m.group(6))) {
            return Optional.empty();
        }
        List<String> signed = List.of(m.group(7).toLowerCase(java.util.Locale.ROOT).split(";"));
        return Optional.of(new Authorization(algorithm, m.group(2), m.group(3), m.group(4), m.group(5), signed, m.group(8)));
    }

    public String credentialScope() {
        return date8 + "/" + region + "/" + service + "/" + algorithm.terminator();
    }
}
