package nc.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Filters;
import nc.api.Operation;
import nc.api.Page;
import nc.container.spec.CreateContainersRequest;

/** The container operations on the wire (docs/api/nc.md §5.1–5.7, §5.10). */
public final class ContainerOperations {
    private static final String CONTAINERS = "/v1/regions/{regionId}/containers";
    private static final String ONE = CONTAINERS + "/{containerId}";
    private final ContainerService containers;

    public ContainerOperations(ContainerService containers) {
        this.containers = containers;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("createContainers", services, "POST", CONTAINERS, this::create),
                Operation.signed("describeContainers", services, "GET", CONTAINERS, this::describeAll),
                Operation.signed("describeContainer", services, "GET", ONE, this::describe),
                Operation.signed("deleteContainer", services, "DELETE", ONE, this::delete),
                Operation.signed("startContainer", services, "POST", ONE + ":startContainer", this::start),
                Operation.signed("stopContainer", services, "POST", ONE + ":stopContainer", this::stop),
                Operation.signed("modifyContainerAttribute", services, "PATCH", ONE + ":modifyContainerAttribute", this::modify),
                Operation.signed("getLogs", services, "GET", ONE + ":getLogs", this::logs));
    }

    private Object create(Call call) {
        List<String> ids = containers.create(call.accountId(), call.regionId(), call.body(CreateContainersRequest.class));
        return Map.of("containerIds", ids);
    }

    private Object describeAll(Call call) {
        Page page = Page.from(call.query());
        var filters = Filters.parse(call.query(), ContainerQuery.FILTERS);
        var tags = nc.api.TagFilters.parse(call.query(), false);
        var result = containers.listWithDetails(call.accountId(), call.regionId(), filters, tags, page.offset(), page.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("containers", result.items().stream().map(c -> ContainerView.of(c, result.details())).toList());
        out.put("totalCount", result.total());
        return out;
    }

    private Object describe(Call call) {
        var described = containers.describeWithDetails(call.accountId(), call.regionId(), call.path("containerId"));
        return Map.of("container", ContainerView.of(described.container(), described.details()));
    }

    private Object delete(Call call) {
        containers.delete(call.accountId(), call.regionId(), call.path("containerId"));
        return null;
    }

    private Object start(Call call) {
        containers.start(call.accountId(), call.regionId(), call.path("containerId"));
        return null;
    }

    private Object stop(Call call) {
        containers.stop(call.accountId(), call.regionId(), call.path("containerId"));
        return null;
    }

    record ModifyRequest(String name, String description) {
    }

    private Object modify(Call call) {
        ModifyRequest body = call.body(ModifyRequest.class);
        containers.modify(call.accountId(), call.regionId(), call.path("containerId"), body.name(), body.description());
        return null;
    }

    private Object logs(Call call) {
        Integer tailLines = call.query().optionalInteger("tailLines", 1, 4096);
        Integer sinceSeconds = call.query().optionalInteger("sinceSeconds", 1, Integer.MAX_VALUE);
        int limitBytes = call.query().integer("limitBytes", 4096, 1, 4096);
        String logs = containers.logs(call.accountId(), call.regionId(), call.path("containerId"), sinceSeconds, tailLines, limitBytes);
        return Map.of("logs", logs);
    }
}
