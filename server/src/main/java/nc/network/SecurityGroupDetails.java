package nc.network;

import java.util.List;

/** A security group with its rules (ingress first, each direction in creation order) and the interfaces using it. */
public record SecurityGroupDetails(SecurityGroup group, List<SecurityGroupRule> rules, List<String> networkInterfaceIds) {
}
