package nc.runtime.host.net;

import java.util.ArrayList;
import java.util.List;

/** The lines of a saved table that belong to a scope, as {@code table: line}. */
final class ScopeRules {
    private ScopeRules() {
    }

    static List<String> of(NetScope scope, Iptables.Saved saved) {
        String prefix = scope.chainPrefix();
        String comment = scope.comment("");
        List<String> out = new ArrayList<>();
        for (String line : saved.lines()) {
            boolean ours;
            if (line.startsWith(":")) {
                ours = line.startsWith(":" + prefix);
            } else {
                String c = Iptables.option(line, "--comment");
                String target = Iptables.option(line, "-j");
                ours = Iptables.chainOf(line).startsWith(prefix)
                        || (target != null && target.startsWith(prefix))
                        || (c != null && (c.equals(comment) || c.startsWith(comment + ":")));
            }
            if (ours) {
                out.add(saved.table() + ": " + line);
            }
        }
        return out;
    }
}
