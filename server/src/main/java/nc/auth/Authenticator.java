package nc.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import nc.account.AccountService;
import nc.account.SigningKey;
import nc.error.ServiceException;

/** The server-side verification procedure of API.md §2.3, in its order. */
public final class Authenticator {
    private static final DateTimeFormatter X_JDCLOUD_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final AccountService accounts;
    private final NonceCache nonces;
    private final Clock clock;
    private final Duration skew;
    private final Set<String> services;

    public Authenticator(AccountService accounts, Clock clock, Duration skew, Set<String> services) {
        this.accounts = accounts;
        this.nonces = new NonceCache(clock, skew);
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

    private void checkDate(String date, Authorization auth) {
        if (date == null) {
            throw ServiceException.unauthenticated("x-jdcloud-date header missing");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(date, X_JDCLOUD_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
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
