package nc.container.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** The primary interface's subnet, address and security groups. */
public record NetworkInterfaceSpec(
        String subnetId,
        String az,
        String primaryIpAddress,
        List<String> secondaryIpAddresses,
        Integer secondaryIpCount,
        List<String> securityGroups,
        @JsonDeserialize(using = ZeroOneBoolean.class) Boolean sanityCheck,
        String description) {
}
