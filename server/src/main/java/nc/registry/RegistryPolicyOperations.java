package nc.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.api.Call;
import nc.api.Operation;

/** The operator API of the registry policy: read it, replace it (for every replica), or go back to the configuration's. */
public final class RegistryPolicyOperations {
    private static final String PATH = "/admin/registryPolicy";
    private final RegistryPolicies policies;

    public RegistryPolicyOperations(RegistryPolicies policies) {
        this.policies = policies;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("describeRegistryPolicy", "GET", PATH, this::describe),
                Operation.operator("setRegistryPolicy", "PUT", PATH, this::set),
                Operation.operator("resetRegistryPolicy", "DELETE", PATH, this::reset));
    }

    record PolicyBody(List<String> allow, List<String> deny) {
    }

    private Object describe(Call call) {
        RegistryPolicy policy = policies.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allow", policy.allow());
        out.put("deny", policy.deny());
        out.put("source", policies.setByOperator() ? "operator" : "configuration");
        return out;
    }

    private Object set(Call call) {
        PolicyBody body = call.body(PolicyBody.class);
        policies.set(new RegistryPolicy(body.allow(), body.deny()));
        return describe(call);
    }

    private Object reset(Call call) {
        policies.reset();
        return describe(call);
    }
}
