package nc.container.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** The body of rebuildContainer (docs/api/nativecontainer.md §3.5); every member may be absent (null). */
public record RebuildRequest(
        String image,
        String secret,
        List<String> command,
        List<String> args,
        @JsonDeserialize(using = TextBoolean.class) Boolean tty,
        String workingDir,
        List<EnvVar> envs) {
}
