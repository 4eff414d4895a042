package nc.container;

import java.util.List;
import java.util.Set;
import nc.api.Call;
import nc.api.Operation;

/** associateElasticIp and disassociateElasticIp on the wire (docs/api/nc.md §5.8–5.9). */
public final class ContainerElasticIpOperations {
    private static final String ONE = "/v1/regions/{regionId}/containers/{containerId}";
    private final ContainerElasticIps elasticIps;

    public ContainerElasticIpOperations(ContainerElasticIps elasticIps) {
        this.elasticIps = elasticIps;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("associateElasticIp", services, "POST", ONE + ":associateElasticIp", this::associate),
                Operation.signed("disassociateElasticIp", services, "POST", ONE + ":disassociateElasticIp", this::disassociate));
    }

    record ElasticIpRequest(String elasticIpId) {
    }

    private Object associate(Call call) {
        elasticIps.associate(call.accountId(), call.regionId(), call.path("containerId"),
                call.body(ElasticIpRequest.class).elasticIpId());
        return null;
    }

    private Object disassociate(Call call) {
        elasticIps.disassociate(call.accountId(), call.regionId(), call.path("containerId"),
                call.body(ElasticIpRequest.class).elasticIpId());
        return null;
    }
}
