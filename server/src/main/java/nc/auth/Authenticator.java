package nc.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import nc.account.AccountService;
import nc.account.SigningKey;
import nc.error.ServiceException;

/** The server-side verification procedure of docs/api/nc.md §2.3, in its order. */
public final class Authenticator {

    private final AccountService accounts;
    private final UsedNonces nonces;
    private final Clock clock;
    private final Duration skew;
    private final Set<String> services;

    public Authenticator(AccountService accounts, UsedNonces nonces, Clock clock, Duration skew, Set<String> services) {
        this.accounts = accounts;
        this.nonces = nonces;
        this.clock = clock;
        this.skew = skew;
        this.services = Set.copyOf(services);
    }

    public Principal authenticate(SignedRequest request) {
        Authorization auth = Authorization.parse(request.header().apply("authorization"))
                .orElseThrow(() -> ServiceException.unauthenticated("Authorization header missing or malformed"));
        SigningKey key = accounts.signingKey(auth.accessKey())
                .orElseThrow(() -> ServiceException.unauthenticated("access key " + auth.accessKey() + " is unknown or disabled"));
        String date = request.header().apply("x-jdcloud-date");
        checkDate(date, auth);
        if (!services.contains(auth.service())) {
            throw ServiceException.unauthenticated("credential scope names service " + auth.service() + ", which this server does not serve");
        }
        if (!auth.signedHeaders().contains("host")) {
            throw ServiceException.unauthenticated("SignedHeaders must include host");
        }
        String expected = Signer.expectedSignature(request, auth, date, key.secretKey());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw ServiceException.unauthenticated("signature does not match");
        }
        String nonce = request.header().apply("x-jdcloud-nonce");
        if (nonce != null && !nonces.firstUse(auth.accessKey(), nonce)) {
            throw ServiceException.permissionDenied("nonce " + nonce + " was already used");
        }
        return new Principal(key.accountId(), auth.accessKey(), auth.region(), auth.service());
    }

    /**
     * {@code 20180901T083000Z} as an instant, null when it is not one. By hand: every signed
     * request needs it, and a DateTimeFormatter costs more than the rest of the date check.
     */
    static Instant parseDate(String date) {
        if (date.length() != 16 || date.charAt(8) != 'T' || date.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (date.charAt(i) < '0' || date.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(digits(date, 0, 4), digits(date, 4, 6), digits(date, 6, 8),
                    digits(date, 9, 11), digits(date, 11, 13), digits(date, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    private void checkDate(String date, Authorization auth) {
        if (date == null) {
            throw ServiceException.unauthenticated("x-jdcloud-date header missing");
        }
        Instant signedAt = parseDate(date);
        if (signedAt == null) {
            throw ServiceException.unauthenticated("x-jdcloud-date must look like 20180901T083000Z");
        }
        if (!date.startsWith(auth.date8())) {
            throw ServiceException.unauthenticated("x-jdcloud-date does not match the credential scope date " + auth.date8());
        }
        Duration offset = Duration.between(clock.instant(), signedAt).abs();
        if (offset.compareTo(skew) > 0) {
            throw ServiceException.unauthenticated("x-jdcloud-date " + date + " is more than " + skew.toMinutes()
                    + " minutes away from server time");
        }
    }
}
