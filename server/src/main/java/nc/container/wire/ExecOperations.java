package nc.container.wire;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.api.Call;
import nc.api.Json;
import nc.api.Operation;
import nc.container.exec.ExecService;
import nc.container.spec.TextBoolean;
import nc.error.ServiceException;

/**
 * execCreate, execGetExitCode, resizeTTY and the execStart and attach WebSockets
 * (docs/api/nativecontainer.md §3.2–§3.4, §6).
 */
public final class ExecOperations {
    private static final String ONE = "/v1/regions/{regionId}/containers/{containerId}";
    private final ExecService execs;

    public ExecOperations(ExecService execs) {
        this.execs = execs;
    }

    public List<Operation> operations(Set<String> services) {
        return List.of(
                Operation.signed("execCreate", services, "POST", ONE + ":execCreate", this::create),
                Operation.signed("execGetExitCode", services, "GET", ONE + ":execGetExitCode", this::exitCode),
                Operation.signed("resizeTTY", services, "POST", ONE + ":resizeTTY", this::resize),
                Operation.stream("execStart", services, ONE + ":execStart", call -> {
                    List<String> ids = call.query().asMap().getOrDefault("execId", List.of());
                    call.logDetail("exec=" + (ids.isEmpty() ? "" : ids.get(0)));
                    return execs.open(call.accountId(), call.regionId(), call.path("containerId"), ids.size() == 1 ? ids.get(0) : null);
                }),
                Operation.stream("attach", services, ONE + ":attach", call -> {
                    call.logDetail("account=" + call.accountId() + " attach");
                    return execs.attach(call.accountId(), call.regionId(), call.path("containerId"));
                }));
    }

    record CreateRequest(List<String> command, @JsonDeserialize(using = TextBoolean.class) Boolean tty) {
    }

    private Object create(Call call) {
        CreateRequest body = call.body(CreateRequest.class);
        String id = execs.create(call.accountId(), call.regionId(), call.path("containerId"), body.command(),
                Boolean.TRUE.equals(body.tty()));
        // who (the account), which container (the path) and which command: every exec in its request's log line
        call.logDetail("account=" + call.accountId() + " exec=" + id + " tty=" + Boolean.TRUE.equals(body.tty())
                + " command=" + new String(Json.write(body.command()), java.nio.charset.StandardCharsets.UTF_8));
        return Map.of("execId", id);
    }

    private Object exitCode(Call call) {
        List<String> ids = call.query().asMap().getOrDefault("execId", List.of());
        if (ids.size() != 1 || ids.get(0).isEmpty()) {
            throw ServiceException.invalid("execId", "required: exactly one execId");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        execs.exitCode(call.accountId(), call.regionId(), call.path("containerId"), ids.get(0))
                .ifPresent(code -> out.put("exitCode", code));
        return out;
    }

    record ResizeRequest(Integer height, Integer width, String execId) {
    }

    private Object resize(Call call) {
        ResizeRequest body = call.body(ResizeRequest.class);
        int height = size("height", body.height());
        int width = size("width", body.width());
        String execId = body.execId() == null || body.execId().isEmpty() ? null : body.execId();
        execs.resize(call.accountId(), call.regionId(), call.path("containerId"), execId, height, width);
        return null;
    }

    private static int size(String field, Integer value) {
        if (value == null || value < 0 || value > 65535) {
            throw ServiceException.invalid(field, "required: an integer in [0, 65535]");
        }
        return value;
    }
}
