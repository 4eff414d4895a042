package nc.container.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Filter;
import nc.api.Filters;
import nc.api.Operation;
import nc.container.InstanceType;
import nc.container.InstanceTypes;
import nc.container.StoppedContainerChanges;
import nc.container.spec.RebuildRequest;

/** The REST operations nativecontainer 2.3.0 added (docs/api/nativecontainer.md §3.1, §3.5, §3.6), on both scopes. */
public final class NativeContainerOperations {
    private static final String ONE = "/v1/regions/{regionId}/containers/{containerId}";
    private static final Map<String, Filters.Arity> TYPE_FILTERS = Map.of(
            "instanceTypes", Filters.Arity.MANY, "az", Filters.Arity.MANY);
    private static final Map<String, String> KINDS = Map.of(
            "g", "General purpose", "c", "Compute optimized", "m", "Memory optimized", "h", "High-frequency compute");

    private final InstanceTypes instanceTypes;
    private final StoppedContainerChanges changes;

    public NativeContainerOperations(InstanceTypes instanceTypes, StoppedContainerChanges changes) {
        this.instanceTypes = instanceTypes;
        this.changes = changes;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("describeInstanceTypes", services, "GET", "/v1/regions/{regionId}/instanceTypes", this::types),
                Operation.signed("rebuildContainer", services, "POST", ONE + ":rebuild", this::rebuild),
                Operation.signed("resizeContainer", services, "POST", ONE + ":resize", this::resize));
    }

    private Object rebuild(Call call) {
        changes.rebuild(call.accountId(), call.regionId(), call.path("containerId"), call.body(RebuildRequest.class));
        return null;
    }

    record ResizeRequest(String instanceType) {
    }

    private Object resize(Call call) {
        changes.resize(call.accountId(), call.regionId(), call.path("containerId"), call.body(ResizeRequest.class).instanceType());
        return null;
    }

    /** §3.1: the catalogue filtered by name and AZ (states trimmed to the AZs asked for), not paged. */
    private Object types(Call call) {
        List<Filter> filters = Filters.parse(call.query(), TYPE_FILTERS);
        List<Map<String, Object>> listed = new java.util.ArrayList<>();
        for (InstanceType type : instanceTypes.all()) {
            List<InstanceTypes.State> states = instanceTypes.states(type, call.regionId());
            boolean keep = true;
            for (Filter f : filters) {
                if (f.name().equals("instanceTypes")) {
                    keep &= f.values().contains(type.name());
                } else {
                    states = states.stream().filter(s -> f.values().contains(s.az())).toList();
                    keep &= !states.isEmpty();
                }
            }
            if (keep) {
                listed.add(view(type, states));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instanceTypes", listed);
        out.put("specificInstanceTypes", List.of());
        out.put("totalCount", listed.size());
        return out;
    }

    /** InstanceType of §4.1; family, desc and nicLimit as its decisions say. */
    private static Map<String, Object> view(InstanceType type, List<InstanceTypes.State> states) {
        String[] parts = type.name().split("\\.");
        String family = parts[0] + "." + parts[1];
        String kind = family.equals("g.s1") ? "General purpose (shared)" : KINDS.getOrDefault(parts[0], "Custom");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("family", family);
        out.put("instanceType", type.name());
        out.put("cpu", type.cpu());
        out.put("memoryMB", type.memoryGb() * 1024);
        out.put("nicLimit", 1);
        out.put("desc", kind + ", gen " + InstanceTypes.generation(type.name()) + ", " + type.cpu() + " vCPU, "
                + type.memoryGb() + " GiB");
        out.put("state", states.stream().map(s -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("az", s.az());
            state.put("inStock", s.inStock());
            state.put("online", s.online());
            return state;
        }).toList());
        out.put("cloudDiskTypes", InstanceTypes.CLOUD_DISK_TYPES);
        return out;
    }
}
