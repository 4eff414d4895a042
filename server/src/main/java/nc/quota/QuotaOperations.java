package nc.quota;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Operation;
import nc.error.ServiceException;

/** describeQuota on the wire (docs/api/nc.md §5.15). */
public final class QuotaOperations {
    private final QuotaService quotas;

    public QuotaOperations(QuotaService quotas) {
        this.quotas = quotas;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(Operation.signed("describeQuota", services, "GET", "/v1/regions/{regionId}/quotas", this::describeQuota));
    }

    private Object describeQuota(Call call) {
        String requested = call.query().get("resourceType");
        if (requested == null || requested.isEmpty()) {
            throw ServiceException.invalid("resourceType", "required; one of container, pod, secret");
        }
        ResourceType type = ResourceType.fromWire(requested)
                .orElseThrow(() -> ServiceException.invalid("resourceType", "must be one of container, pod, secret"));
        QuotaService.Usage usage = quotas.usage(call.accountId(), call.regionId(), type);
        return Map.of("quota", new Quota(requested, usage.limit(), usage.used()));
    }

    /** nc's own Quota type: the resource type echoes the request. */
    record Quota(String resourceType, int limit, long used) {
    }
}
