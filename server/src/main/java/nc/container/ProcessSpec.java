package nc.container;

import java.util.List;
import nc.container.spec.EnvVar;
import nc.container.spec.HostAlias;
import nc.container.spec.LogConfiguration;

/** What runs and how, as requested; stored as JSON with the container. */
public record ProcessSpec(
        List<String> command,
        List<String> args,
        List<EnvVar> envs,
        List<HostAlias> hostAliases,
        LogConfiguration logConfiguration) {
}
