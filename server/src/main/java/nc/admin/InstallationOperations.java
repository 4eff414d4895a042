package nc.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nc.api.Call;
import nc.api.Operation;
import nc.install.ResetResult;

/**
 * {@code POST /admin/reset}: the installation back to its first-start state (what {@code ./ncctl reset}
 * asks a running nc). The answer carries the new default account's keys, as createAccount's does.
 */
public final class InstallationOperations {
    private final Supplier<ResetResult> reset;

    public InstallationOperations(Supplier<ResetResult> reset) {
        this.reset = reset;
    }

    public List<Operation> operations() {
        return List.of(Operation.operator("resetInstallation", "POST", "/admin/reset", this::reset));
    }

    private Object reset(Call call) {
        ResetResult done = reset.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("removed", done.removed());
        out.put("tenantRowsDeleted", done.tenantRows());
        out.put("accountId", done.account().accountId());
        out.put("accessKey", done.account().accessKey());
        out.put("secretKey", done.account().secretKey());
        out.put("credentials", done.credentials().toString());
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("region", done.network().region());
        network.put("az", done.network().az());
        network.put("vpcId", done.network().vpcId());
        network.put("subnetId", done.network().subnetId());
        network.put("securityGroupId", done.network().securityGroupId());
        out.put("defaultNetwork", network);
        return out;
    }
}
