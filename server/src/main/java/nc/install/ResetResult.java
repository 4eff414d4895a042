package nc.install;

import java.nio.file.Path;
import java.util.List;
import nc.account.IssuedKey;
import nc.network.DefaultNetwork;

/**
 * What a reset did: the objects it removed (one line each), the tenant rows it deleted, and the
 * new default account and network, whose keys are also written to {@code credentials}.
 */
public record ResetResult(List<String> removed, int tenantRows, IssuedKey account, DefaultNetwork network, Path credentials) {
}
