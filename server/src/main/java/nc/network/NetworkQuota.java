package nc.network;

/**
 * The quotas of docs/api/vpc-disk.md §5 that the vpc service checks, with their defaults. The operator
 * changes them per account under these names ({@code PATCH /admin/accounts/{id}} "quotas").
 */
public enum NetworkQuota {
    /** VPCs per region. */
    VPC("vpc", 10),
    SUBNET_PER_VPC("subnetPerVpc", 10),
    SECURITY_GROUP_PER_VPC("securityGroupPerVpc", 50),
    /** Ingress and egress together (S8). */
    RULE_PER_SECURITY_GROUP("rulePerSecurityGroup", 100),
    /** Elastic IPs per region. */
    ELASTIC_IP("elasticIp", 10);

    private final String wireName;
    private final int defaultLimit;

    NetworkQuota(String wireName, int defaultLimit) {
        this.wireName = wireName;
        this.defaultLimit = defaultLimit;
    }

    public String wireName() {
        return wireName;
    }

    public int defaultLimit() {
        return defaultLimit;
    }
}
