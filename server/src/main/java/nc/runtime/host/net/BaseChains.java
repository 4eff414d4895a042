package nc.runtime.host.net;

import java.util.List;

/**
 * The fixed skeleton of a scope's chains and the jumps into it from the kernel's hooks. Every
 * change batch starts by adding whatever of it is missing, so the skeleton heals itself (after a
 * reboot, or a Docker Engine restart that rebuilt its chains) on the next change.
 *
 * <pre>
 * filter  DOCKER-USER (FORWARD without it) -> NCt-FWD: -> NCt-SG   interface dispatch: -i br -s ip -> NCt-E-x, -o br -d ip -> NCt-I-x
 *                                                    -> NCt-VPC  -i br -> NCt-V-y: -o br(same VPC) ACCEPT
 *                                                    -> NCt-EIP  connections to an elastic IP: ACCEPT
 *         INPUT  -> NCt-IN:  -i br -s ip -> NCt-E-x   (container to host: its egress rules)
 *         OUTPUT -> NCt-OUT: -o br -d ip -> NCt-I-x   (host to container: its ingress rules)
 * nat     PREROUTING, OUTPUT -> NCt-DNAT   -d eip DNAT to the private address
 *         POSTROUTING -> NCt-POST: -> NCt-MASQ (loopback-sourced traffic to a container: MASQUERADE),
 *                                  bridges and lo RETURN, -> NCt-SNAT (-s ip SNAT to a routable eip)
 *         INPUT -> NCt-HOST  -i br -s ip SNAT to the eip (the host sees a container's connections from its EIP)
 * </pre>
 * Interface chains RETURN what they allow and DROP the rest, so a packet between two interfaces
 * must pass the sender's egress chain and then the receiver's ingress chain; NCt-VPC then accepts
 * it between subnets of one VPC, which Docker's isolation chains would otherwise drop.
 */
final class BaseChains {
    static final String FWD = "FWD";
    static final String SG = "SG";
    static final String VPC = "VPC";
    static final String EIP = "EIP";
    static final String IN = "IN";
    static final String OUT = "OUT";
    static final String DNAT = "DNAT";
    static final String POST = "POST";
    static final String MASQ = "MASQ";
    static final String SNAT = "SNAT";
    static final String HOST = "HOST";

    private BaseChains() {
    }

    static void ensureFilter(NetScope scope, Iptables.Batch batch) {
        Sysctl.ensureBridgeNetfilter();
        Iptables.Saved saved = batch.saved();
        for (String c : List.of(FWD, SG, VPC, EIP, IN, OUT)) {
            batch.ensureChain(scope.chain(c));
        }
        List<String> fwd = List.of("-j " + scope.chain(SG), "-j " + scope.chain(VPC), "-j " + scope.chain(EIP));
        if (!targets(saved.rules(scope.chain(FWD))).equals(List.of(scope.chain(SG), scope.chain(VPC), scope.chain(EIP)))) {
            batch.replaceChain(scope.chain(FWD), fwd);
        }
        List<String> in = saved.rules(scope.chain(IN));
        if (in.isEmpty() || !scope.comment("localnet").equals(Iptables.option(in.get(0), "--comment"))) {
            in.stream().filter(r -> r.contains(scope.comment("localnet"))).forEach(batch::delete);
            batch.insertFirst(scope.chain(IN), localnetGuard(scope));
        }
        String forward = saved.hasChain("DOCKER-USER") ? "DOCKER-USER" : "FORWARD";
        hook(scope, batch, forward, FWD);
        hook(scope, batch, "INPUT", IN);
        hook(scope, batch, "OUTPUT", OUT);
    }

    static void ensureNat(NetScope scope, Iptables.Batch batch) {
        Iptables.Saved saved = batch.saved();
        for (String c : List.of(DNAT, POST, MASQ, SNAT, HOST)) {
            batch.ensureChain(scope.chain(c));
        }
        List<String> post = List.of("-j " + scope.chain(MASQ), "-o br-+ -j RETURN", "-o docker0 -j RETURN", "-o lo -j RETURN",
                "-j " + scope.chain(SNAT));
        if (!targets(saved.rules(scope.chain(POST))).equals(List.of(scope.chain(MASQ), "RETURN", "RETURN", "RETURN", scope.chain(SNAT)))) {
            batch.replaceChain(scope.chain(POST), post);
        }
        hook(scope, batch, "PREROUTING", DNAT);
        hook(scope, batch, "OUTPUT", DNAT);
        hook(scope, batch, "POSTROUTING", POST);
        hook(scope, batch, "INPUT", HOST);
        aheadOfOthers(scope, batch, "POSTROUTING", POST);
    }

    /**
     * The Docker Engine inserts each new network's MASQUERADE rule at the top of POSTROUTING,
     * above the jump into our SNAT rules, which would then never see that subnet's traffic: move
     * the jump back above every rule that is not nc's (other nc scopes' jumps may stay first).
     */
    private static void aheadOfOthers(NetScope scope, Iptables.Batch batch, String from, String to) {
        List<String> rules = batch.saved().rules(from);
        String target = scope.chain(to);
        int ours = -1;
        int firstForeign = -1;
        for (int i = 0; i < rules.size(); i++) {
            String t = Iptables.option(rules.get(i), "-j");
            if (target.equals(t) && ours < 0) {
                ours = i;
            } else if ((t == null || !t.startsWith("NC")) && firstForeign < 0) {
                firstForeign = i;
            }
        }
        if (ours > firstForeign && firstForeign >= 0) {
            batch.delete(rules.get(ours));
            batch.insertFirst(from, "-m comment --comment " + scope.comment("") + " -j " + target);
        }
    }

    /**
     * route_localnet=1 on a bridge (needed for loopback elastic IPs) would also let a container
     * with CAP_NET_RAW send packets to 127.0.0.1 of the host (CVE-2020-8558): only replies and
     * DNATed traffic may arrive with a loopback destination on any interface but lo.
     */
    static String localnetGuard(NetScope scope) {
        return "-d 127.0.0.0/8 ! -i lo -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment "
                + scope.comment("localnet") + " -j DROP";
    }

    /** Jump from a hook (first position) into one of our chains, unless there already is one. */
    private static void hook(NetScope scope, Iptables.Batch batch, String from, String to) {
        String target = scope.chain(to);
        boolean present = batch.saved().jumpsTo(target).stream().anyMatch(r -> Iptables.chainOf(r).equals(from));
        if (!present) {
            batch.insertFirst(from, "-m comment --comment " + scope.comment("") + " -j " + target);
        }
    }

    private static List<String> targets(List<String> rules) {
        return rules.stream().map(r -> Iptables.option(r, "-j")).toList();
    }

    /** Removes everything of the scope from one table: jumps into its chains, then the chains. */
    static void removeAll(NetScope scope, Iptables.Batch batch) {
        Iptables.Saved saved = batch.saved();
        List<String> ours = saved.chains(scope.chainPrefix());
        for (String chain : ours) {
            for (String jump : saved.jumpsTo(chain)) {
                if (!Iptables.chainOf(jump).startsWith(scope.chainPrefix())) {
                    batch.delete(jump);
                }
            }
        }
        for (String rule : saved.withComment(c -> c.equals(scope.comment("")) || c.startsWith(scope.comment("") + ":"))) {
            if (!Iptables.chainOf(rule).startsWith(scope.chainPrefix())) {
                batch.delete(rule);
            }
        }
        ours.forEach(batch::removeChain);
    }
}
