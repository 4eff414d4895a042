package nc.container;

import java.util.Optional;
import nc.container.spec.ImageReference;
import nc.registry.RegistryPolicies;
import nc.runtime.ContainerRuntime;
import nc.runtime.PullFailure;
import nc.runtime.RegistryAuth;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a container's image within the registry policy, and says why a pull failed in the
 * tenant's terms: whether the registry refused the credentials or has no such image, else only
 * that it could not be reached (the engine's own words, which describe the operator's network,
 * go to the operator's log).
 */
final class ImagePulls {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePulls.class);
    private final ContainerRuntime runtime;
    private final RegistryPolicies policies;

    ImagePulls(ContainerRuntime runtime, RegistryPolicies policies) {
        this.runtime = runtime;
        this.policies = policies;
    }

    /** Pulls {@code pullName} (the tenant's image, or its Docker Hub mirror's name) for the container. */
    void pull(Container c, ImageReference image, String pullName, Optional<RegistryAuth> auth) {
        pull(c.containerId(), c.accountId(), c.image(), image, pullName, auth);
    }

    /** The same for a container's image by its parts (a rebuild pulls the new image before the row has it). */
    void pull(String containerId, String accountId, String tenantImage, ImageReference image, String pullName,
            Optional<RegistryAuth> auth) {
        // Docker Hub names go to the operator's mirror (or Docker Hub itself): the policy is about registries tenants name
        if (image.registry() != null) {
            policies.refusal(image.registry()).ifPresent(refusal -> {
                throw new RuntimeFailure(refusal);
            });
        }
        try {
            runtime.pull(pullName, auth);
        } catch (PullFailure e) {
            String registry = image.registry() == null ? "docker.io" : image.registry();
            LOG.warn("container {} of account {}: pulling {} failed", containerId, accountId, pullName, e);
            throw new RuntimeFailure(switch (e.kind()) {
                case UNAUTHORIZED -> "pulling " + tenantImage + ": registry " + registry + " refused the credentials (unauthorized)";
                case NOT_FOUND -> "pulling " + tenantImage + ": no such image in registry " + registry
                        + ", or the credentials give no access to it";
                case UNREACHABLE -> "pulling " + tenantImage + ": registry " + registry + " could not be reached or did not answer as a"
                        + " registry";
            });
        }
    }
}
