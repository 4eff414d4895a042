package nc.registry;

import java.net.InetAddress;
import java.util.Optional;
import nc.api.Json;
import nc.store.Settings;

/**
 * The registry policy in force: the operator's, set through the admin API and kept in the
 * database (so every replica applies the same), else the one of the configuration
 * (NC_REGISTRY_ALLOW, NC_REGISTRY_DENY).
 */
public final class RegistryPolicies {
    static final String SETTING = "registry_policy";
    private final Settings settings;
    private final RegistryPolicy configured;
    private final RegistryPolicy.Resolver resolver;

    public RegistryPolicies(Settings settings, RegistryPolicy configured) {
        this(settings, configured, InetAddress::getAllByName);
    }

    RegistryPolicies(Settings settings, RegistryPolicy configured, RegistryPolicy.Resolver resolver) {
        this.settings = settings;
        this.configured = configured;
        this.resolver = resolver;
    }

    public RegistryPolicy current() {
        return settings.get(SETTING).map(json -> Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), RegistryPolicy.class))
                .orElse(configured);
    }

    /** True when the operator set the policy through the API (it then overrides the configuration). */
    public boolean setByOperator() {
        return settings.get(SETTING).isPresent();
    }

    public void set(RegistryPolicy policy) {
        settings.put(SETTING, new String(Json.write(policy), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Back to the configuration's policy. */
    public void reset() {
        settings.remove(SETTING);
    }

    /** Why pulling from this registry ({@code host[:port]}) is refused now; empty when allowed. */
    public Optional<String> refusal(String registry) {
        return current().refusal(registry, resolver);
    }
}
