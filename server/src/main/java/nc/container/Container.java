package nc.container;

import java.time.Instant;
import nc.billing.Charge;

/**
 * A container as nc records it: the desired spec, where it lives, its billing and its engine twin.
 *
 * @param engineId the engine container it first ran as, null until it first ran; the engine is
 *                 addressed by {@link #engineName()}
 */
public record Container(
        String containerId,
        String accountId,
        String regionId,
        String az,
        String name,
        String description,
        ContainerStatus status,
        String reason,
        String instanceType,
        String image,
        String secret,
        String hostname,
        boolean tty,
        String workingDir,
        ProcessSpec process,
        String vpcId,
        String subnetId,
        String privateIp,
        String nicId,
        String macAddress,
        String nicDescription,
        boolean sanityCheck,
        Instant attachTime,
        Charge charge,
        String elasticIpId,
        String elasticIpAddress,
        String engineId,
        Instant launchTime) {

    /** The engine container's name: stable, so a retried create finds what an interrupted one made. */
    public String engineName() {
        return engineNameOf(containerId);
    }

    static String engineNameOf(String containerId) {
        return "nc-" + containerId;
    }
}
