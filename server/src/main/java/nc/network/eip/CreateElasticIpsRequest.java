package nc.network.eip;

import java.util.List;

/** createElasticIps' body (docs/api/vpc-disk.md §2.5). */
public record CreateElasticIpsRequest(Integer maxCount, String elasticIpAddress, ElasticIpSpec elasticIpSpec,
        List<Tag> userTags, String ipType, String resourceGroupId, Boolean dryRun) {
}
