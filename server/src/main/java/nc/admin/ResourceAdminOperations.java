package nc.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.api.Call;
import nc.api.Operation;
import nc.common.Times;
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

    record ChargeChange(String chargeStatus, String chargeExpiredTime) {
    }

    record InstanceTypeBody(Integer cpu, Integer memoryGb) {
    }

    private Object charge(Call call) {
        ChargeChange body = call.body(ChargeChange.class);
        Instant expiry = null;
        boolean setExpiry = false;
        if (body.chargeExpiredTime() != null) {
            try {
                expiry = Instant.parse(body.chargeExpiredTime());
                setExpiry = true;
            } catch (DateTimeParseException e) {
                throw ServiceException.invalid("chargeExpiredTime", "an ISO 8601 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
        Container c = containers.setCharge(call.path("containerId"), body.chargeStatus(), expiry, setExpiry);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("chargeMode", c.charge().chargeMode());
        charge.put("chargeStatus", c.charge().chargeStatus());
        charge.put("chargeExpiredTime", Times.format(c.charge().chargeExpiredTime()));
        return Map.of("containerId", c.containerId(), "charge", charge);
    }

    private Object instanceTypes(Call call) {
        return Map.of("instanceTypes", instanceTypes.all());
    }

    private Object putInstanceType(Call call) {
        InstanceTypeBody body = call.body(InstanceTypeBody.class);
        required("cpu", body.cpu());
        required("memoryGb", body.memoryGb());
        return Map.of("instanceType", instanceTypes.put(new InstanceType(call.path("instanceType"), body.cpu(), body.memoryGb())));
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw ServiceException.invalid(field, "required");
        }
    }
}
