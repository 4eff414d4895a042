package nc.account;

/** What the signature check needs: whose key it is and the secret to recompute the HMAC with. */
public record SigningKey(String accountId, String secretKey) {
    @Override
    public String toString() {
        return "SigningKey[accountId=" + accountId + "]";
    }
}
