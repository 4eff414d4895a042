package nc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import nc.error.ServiceException;
import org.junit.jupiter.api.Test;

/** The policy's rules for names that resolve (a test resolver stands for DNS, which tests may not change). */
class RegistryPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "metadata.internal", "169.254.169.254",
            "v6.internal", "fe80::1",
            "registry.example.com", "203.0.113.10",
            "mirror.example.org", "10.20.0.7",
            "inside.example.net", "10.1.2.3");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.getOrDefault(host, host.matches("[0-9.]+") ? host : null);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private static boolean allowed(RegistryPolicy policy, String registry) {
        return policy.refusal(registry, RegistryPolicyTest::resolve).isEmpty();
    }

    @Test
    void aNameResolvingToALinkLocalAddressIsRefusedEvenWhenAllowedByName() {
        RegistryPolicy policy = new RegistryPolicy(List.of("metadata.internal"), List.of());
        assertThat(policy.refusal("metadata.internal:80", RegistryPolicyTest::resolve)).get().asString().contains("never allowed");
        assertThat(allowed(RegistryPolicy.open(), "v6.internal:5000")).as("IPv6 link-local").isFalse();
        assertThat(allowed(RegistryPolicy.open(), "0.0.0.0:5000")).isFalse();
        assertThat(allowed(RegistryPolicy.open(), "127.0.0.1:5000")).as("the default keeps a local registry working").isTrue();
    }

    @Test
    void denyWinsOverAllowAndAnAllowListRefusesEverythingElse() {
        RegistryPolicy policy = new RegistryPolicy(List.of("*.example.org", "registry.example.com", "10.0.0.0/8"), List.of("10.1.0.0/16"));
        assertThat(allowed(policy, "registry.example.com")).isTrue();
        assertThat(allowed(policy, "mirror.example.org:5000")).as("wildcard").isTrue();
        assertThat(allowed(policy, "10.9.9.9:5000")).as("in an allowed range").isTrue();
        assertThat(allowed(policy, "inside.example.net")).as("resolves into a denied range").isFalse();
        assertThat(allowed(policy, "127.0.0.1:5000")).as("not on the allow list").isFalse();
        assertThat(policy.refusal("nowhere.example.com", RegistryPolicyTest::resolve)).get().asString().contains("could not be resolved");
    }

    @Test
    void aDeniedNameIsRefusedBeforeItIsResolved() {
        RegistryPolicy policy = new RegistryPolicy(List.of(), List.of("*.internal.example"));
        assertThat(policy.refusal("secret.internal.example:443", host -> {
            throw new AssertionError("resolved " + host);
        })).get().asString().contains("not allowed");
    }

    @Test
    void entriesThatAreNeitherNamesNorRangesAreRefused() {
        assertThatThrownBy(() -> new RegistryPolicy(List.of("10.0.0.1/8"), List.of()))
                .isInstanceOf(ServiceException.class).hasMessageContaining("10.0.0.1/8");
        assertThatThrownBy(() -> new RegistryPolicy(List.of(), List.of("http://x")))
                .isInstanceOf(ServiceException.class).hasMessageContaining("deny");
    }
}
