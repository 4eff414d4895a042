package nc.secret;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import nc.error.ServiceException;
import nc.quota.QuotaService;
import nc.quota.ResourceType;
import nc.store.AtRestCipher;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Registry credentials per account and region; the password is sealed at rest and write-only. */
public final class SecretService {
    private final Jdbi jdbi;
    private final SecretRepository secrets;
    private final QuotaService quotas;
    private final AtRestCipher cipher;
    private final Clock clock;

    public SecretService(Jdbi jdbi, QuotaService quotas, AtRestCipher cipher, Clock clock) {
        this.jdbi = jdbi;
        this.secrets = new SecretRepository(jdbi);
        this.quotas = quotas;
        this.cipher = cipher;
        this.clock = clock;
        quotas.countWith(ResourceType.SECRET, secrets::count);
    }

    public String create(String account, String region, CreateSecretRequest request) {
        SecretRules.check(request);
        DockerRegistryData data = request.data();
        Secret secret = new Secret(request.name(), SecretRules.TYPE, clock.instant(), data.server(), data.username(), data.email());
        String sealed = cipher.seal(data.password());
        try {
            jdbi.useTransaction(h -> {
                if (secrets.exists(h, account, region, request.name())) {
                    throw alreadyExists(request.name(), region);
                }
                quotas.reserve(h, account, region, ResourceType.SECRET, 1);
                secrets.insert(h, account, region, secret, sealed);
            });
        } catch (UnableToExecuteStatementException e) {
            // Two creates of one name that passed the existence check together: the primary key decides.
            if (secrets.find(account, region, request.name()).isPresent()) {
                throw alreadyExists(request.name(), region);
            }
            throw e;
        }
        return request.name();
    }

    public Secret describe(String account, String region, String name) {
        return secrets.find(account, region, name).orElseThrow(() -> notFound(name));
    }

    public SecretRepository.PageOf list(String account, String region, java.util.List<String> nameParts, long offset, int limit) {
        return secrets.list(account, region, nameParts, offset, limit);
    }

    public void delete(String account, String region, String name) {
        if (!secrets.delete(account, region, name)) {
            throw notFound(name);
        }
    }

    /** Decoded credentials for pulling an image; empty when the secret does not exist (any more). */
    public Optional<RegistryCredentials> credentials(String account, String region, String name) {
        return secrets.find(account, region, name).flatMap(s -> secrets.sealedPassword(account, region, name)
                .map(sealed -> new RegistryCredentials(decode(s.serverB64()), decode(s.usernameB64()),
                        decode(cipher.open(sealed)), s.emailB64() == null ? null : decode(s.emailB64()))));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static ServiceException notFound(String name) {
        return ServiceException.notFound("secret " + name + " not found");
    }

    private static ServiceException alreadyExists(String name, String region) {
        return ServiceException.alreadyExists("secret " + name + " already exists in region " + region);
    }
}
