package nc.account;

/** A freshly issued key pair: the only moment the secret key leaves the server. */
public record IssuedKey(String accountId, String accessKey, String secretKey) {
}
