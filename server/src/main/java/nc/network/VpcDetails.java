package nc.network;

import java.util.List;

/** A VPC with its subnets, oldest first, as describeVpc(s) reports them. */
public record VpcDetails(Vpc vpc, List<SubnetDetails> subnets) {
}
