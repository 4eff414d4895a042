package nc.account;

import java.time.Instant;

/**
 * A tenant. The flags are set by the operator and read by later operations: real-name
 * verification gates createContainers, the blacklist gates associateElasticIp. A null limit
 * means the server's default applies.
 */
public record Account(
        String accountId,
        String name,
        boolean disabled,
        boolean realNameVerified,
        boolean blacklisted,
        Integer containerLimit,
        Integer secretLimit,
        Instant createdAt) {
}
