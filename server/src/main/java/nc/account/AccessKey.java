package nc.account;

import java.time.Instant;

/** An access key as the operator sees it; the secret key is shown only when it is issued. */
public record AccessKey(String accessKey, String accountId, boolean revoked, Instant createdAt) {
}
