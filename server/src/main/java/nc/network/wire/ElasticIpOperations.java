package nc.network.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.TagFilters;
import nc.api.Call;
import nc.api.Filters;
import nc.api.Filters.Arity;
import nc.api.Operation;
import nc.network.eip.CreateElasticIpsRequest;
import nc.network.eip.ElasticIpService;

/** createElasticIps, describeElasticIp(s), deleteElasticIp on the wire (docs/api/vpc-disk.md §2.1). */
public final class ElasticIpOperations {
    private static final String EIPS = "/v1/regions/{regionId}/elasticIps";
    private static final Map<String, Arity> FILTERS = Map.of("elasticIpIds", Arity.MANY, "elasticIpAddress", Arity.ONE,
            "chargeStatus", Arity.ONE, "ipType", Arity.ONE, "status", Arity.ONE);
    private final ElasticIpService eips;

    public ElasticIpOperations(ElasticIpService eips) {
        this.eips = eips;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("createElasticIps", services, "POST", EIPS, this::create),
                Operation.signed("describeElasticIps", services, "GET", EIPS, this::describeAll),
                Operation.signed("describeElasticIp", services, "GET", EIPS + "/{elasticIpId}", this::describe),
                Operation.signed("deleteElasticIp", services, "DELETE", EIPS + "/{elasticIpId}", this::delete));
    }

    /** The vendor's result models carry requestId inside result too: it repeats the envelope's. dryRun: no result. */
    private Object create(Call call) {
        return eips.create(call.accountId(), call.regionId(), call.body(CreateElasticIpsRequest.class)).map(ids -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("elasticIpIds", ids);
            out.put("requestId", call.requestId());
            return out;
        }).orElse(null);
    }

    private Object describeAll(Call call) {
        var filters = Filters.parse(call.query(), FILTERS);
        var tags = TagFilters.parse(call.query());
        VpcListQuery.noResourceGroups(call.query());
        return VpcListQuery.page(call.query(), "elasticIps", eips.list(call.accountId(), call.regionId(), filters, tags),
                ElasticIpView::of);
    }

    private Object describe(Call call) {
        return Map.of("elasticIp", ElasticIpView.of(eips.describe(call.accountId(), call.regionId(), call.path("elasticIpId"))));
    }

    private Object delete(Call call) {
        eips.delete(call.accountId(), call.regionId(), call.path("elasticIpId"));
        return null;
    }
}
