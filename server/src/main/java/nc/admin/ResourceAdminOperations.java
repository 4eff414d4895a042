package nc.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nc.api.Call;
import nc.api.Operation;
import nc.container.Container;
import nc.container.ContainerService;
import nc.container.InstanceType;
import nc.container.InstanceTypes;
import nc.error.ServiceException;

/** Operator calls for what containers run as: instance types and billing state (networks: {@link NetworkAdminOperations}). */
public final class ResourceAdminOperations {
    private final ContainerService containers;
    private final InstanceTypes instanceTypes;

    public ResourceAdminOperations(ContainerService containers, InstanceTypes instanceTypes) {
        this.containers = containers;
        this.instanceTypes = instanceTypes;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("modifyContainerCharge", "PATCH", "/admin/containers/{containerId}", this::charge),
                Operation.operator("describeInstanceTypes", "GET", "/admin/instanceTypes", this::instanceTypes),
                Operation.operator("putInstanceType", "PUT", "/admin/instanceTypes/{instanceType}", this::putInstanceType));
    }


    /** pidsLimit: when absent, the type's current one (or the default for a new type). */
    record InstanceTypeBody(Integer cpu, Integer memoryGb, Integer pidsLimit) {
    }

    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = body.expiry();
        Container c = containers.setCharge(call.path("containerId"), body.chargeStatus(), expiry, expiry != null);
        return ChargeChange.answer("containerId", c.containerId(), c.charge().chargeMode(), c.charge().chargeStatus(),
                c.charge().chargeExpiredTime());
    }

    private Object instanceTypes(Call call) {
        return Map.of("instanceTypes", instanceTypes.all());
    }

    private Object putInstanceType(Call call) {
        InstanceTypeBody body = call.body(InstanceTypeBody.class);
        required("cpu", body.cpu());
        required("memoryGb", body.memoryGb());
        int pidsLimit = body.pidsLimit() != null ? body.pidsLimit()
                : instanceTypes.find(call.path("instanceType")).map(InstanceType::pidsLimit).orElse(InstanceType.DEFAULT_PIDS_LIMIT);
        return Map.of("instanceType", instanceTypes.put(new InstanceType(call.path("instanceType"), body.cpu(), body.memoryGb(), pidsLimit)));
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw ServiceException.invalid(field, "required");
        }
    }
}
