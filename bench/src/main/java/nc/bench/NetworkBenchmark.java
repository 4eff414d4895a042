package nc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nc.NcServer;
import nc.account.AccountChanges;
import nc.account.IssuedKey;
import nc.config.Config;
import nc.network.DefaultNetwork;
import nc.tenantnet.kernel.Names;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Secrets;
import nc.testing.Shell;
import nc.testing.SignedClient;

/**
 * The tenant network's datapath against its peers, measured in one run (issue 8, point 6):
 * (1) TCP throughput between two containers of one subnet against a plain veth pair between two
 * network namespaces (iperf3 in each container's namespace); (2) the longest wait in a
 * request/response stream between two containers, against the same over the veth pair; (3) how
 * long a rule change takes to be in force for every member of a group of 200 running containers
 * (the API answers once the VPC's rule set is loaded; the rule set is then checked). Traffic only
 * between namespaces this run makes; everything it makes is removed at the end.
 */
public final class NetworkBenchmark {
    private static final String REGION = "cn-north-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final int rounds = Integer.getInteger("bench.network.rounds", 3);
    private final int streamSeconds = Integer.getInteger("bench.network.streamSeconds", 60);
    private final int members = Integer.getInteger("bench.network.members", 200);
    private final int ruleChanges = Integer.getInteger("bench.network.ruleChanges", 5);
    private NcServer server;
    private SignedClient nc;
    private SignedClient vpc;
    private Containers containers;
    private String vpcId;
    private final List<String> made = new ArrayList<>();

    public static void main(String[] args) {
        BenchMain.quietLogs();
        BenchMain.runAndExit(() -> new NetworkBenchmark().runOnce(), "lower -Dbench.network.members or streamSeconds");
    }

    private int runOnce() throws Exception {
        Engine engine = Engine.get();
        Path data = Files.createTempDirectory("nc-bench-network");
        server = NcServer.start(Config.defaults(data).withPort(0));
        int failed = 0;
        try {
            setUp(engine);
            failed += throughputAndStalls();
            failed += ruleChange();
        } finally {
            // the server first: its sync would otherwise make again what is removed below
            server.close();
            for (String id : Engine.docker("ps", "-aq", "--filter", "label=nc.owner=" + server.owner()).split("\n")) {
                if (!id.isBlank()) {
                    Engine.docker("rm", "-f", id.strip());
                }
            }
            server.datapath().removeAll();
            Shell.run("ip", "netns", "del", "ncbx" + run);
            Shell.run("ip", "netns", "del", "ncby" + run);
        }
        System.out.println(failed == 0 ? "all network targets met" : failed + " network target(s) missed");
        return failed == 0 ? 0 : 1;
    }

    private void setUp(Engine engine) {
        IssuedKey key = server.createdDefaultAccount();
        server.accounts().change(key.accountId(), new AccountChanges(null, null, null, members + 20, null));
        String endpoint = "http://127.0.0.1:" + server.port();
        nc = new SignedClient(endpoint, key.accessKey(), key.secretKey());
        vpc = nc.service("vpc");
        vpcId = ok(vpc.post("/v1/regions/" + REGION + "/vpcs/", "{\"vpcName\":\"bench\",\"addressPrefix\":\"10.231.0.0/16\"}"))
                .path("vpcId").asText();
        String subnet = ok(vpc.post("/v1/regions/" + REGION + "/subnets/", "{\"vpcId\":\"" + vpcId
                + "\",\"subnetName\":\"bench\",\"addressPrefix\":\"10.231.0.0/23\"}")).path("subnetId").asText();
        String open = group("open", "{\"direction\":0,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"},"
                + "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}");
        ok(nc.post("/v1/regions/" + REGION + "/secrets", "{\"name\":\"bench\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\""
                + Secrets.b64(engine.registry()) + "\",\"username\":\"" + Secrets.b64(engine.username()) + "\",\"password\":\""
                + Secrets.b64(engine.password()) + "\"}}"));
        containers = new Containers(nc, engine, new DefaultNetwork(REGION, REGION + "a", vpcId, subnet, open), "bench");
    }

    private String group(String name, String rules) {
        String g = ok(vpc.post("/v1/regions/" + REGION + "/networkSecurityGroups/", "{\"vpcId\":\"" + vpcId
                + "\",\"networkSecurityGroupName\":\"" + name + "\"}")).path("networkSecurityGroupId").asText();
        ok(vpc.post("/v1/regions/" + REGION + "/networkSecurityGroups/" + g + ":addNetworkSecurityGroupRules",
                "{\"networkSecurityGroupRuleSpecs\":[" + rules + "]}"));
        return g;
    }

    // ---- (1) throughput and (2) stalls ------------------------------------------------------------

    private int throughputAndStalls() throws Exception {
        String a = containers.createOne(null, "sleep");
        String b = containers.createOne(null, "sleep");
        String ipB = containers.awaitRunning(b).path("privateIpAddress").asText();
        containers.awaitRunning(a);
        long pidA = pid(a);
        long pidB = pid(b);
        Shell.run("sh", "-c", "ip netns add ncbx" + run + " && ip netns add ncby" + run
                + " && ip link add bx netns ncbx" + run + " type veth peer name by netns ncby" + run
                + " && ip -n ncbx" + run + " addr add 198.18.240.1/30 dev bx && ip -n ncby" + run + " addr add 198.18.240.2/30 dev by"
                + " && ip -n ncbx" + run + " link set bx up && ip -n ncby" + run + " link set by up"
                + " && ip -n ncbx" + run + " link set lo up && ip -n ncby" + run + " link set lo up").orThrow();
        List<String> client = List.of("nsenter", "-t", Long.toString(pidA), "-n");
        List<String> serverSide = List.of("nsenter", "-t", Long.toString(pidB), "-n");
        List<String> peerClient = List.of("ip", "netns", "exec", "ncbx" + run);
        List<String> peerServer = List.of("ip", "netns", "exec", "ncby" + run);

        double[] ncGbit = new double[rounds];
        double[] peerGbit = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ncGbit[i] = iperf(client, serverSide, ipB);
            peerGbit[i] = iperf(peerClient, peerServer, "198.18.240.2");
            System.out.printf(Locale.ROOT, "(1) round %d: containers of one subnet %.2f Gbit/s, veth pair %.2f Gbit/s (%.0f%%)%n",
                    i + 1, ncGbit[i], peerGbit[i], ncGbit[i] / peerGbit[i] * 100);
        }
        double ratio = median(ncGbit) / median(peerGbit);
        System.out.printf(Locale.ROOT, "(1) TCP throughput: nc %.2f Gbit/s (%.2f-%.2f), veth pair %.2f Gbit/s (%.2f-%.2f): %.0f%% (target >= 70%%)%n",
                median(ncGbit), min(ncGbit), max(ncGbit), median(peerGbit), min(peerGbit), max(peerGbit), ratio * 100);
        int failed = ratio >= 0.7 ? 0 : 1;

        double ncStall = stream(client, serverSide, ipB);
        double peerStall = stream(peerClient, peerServer, "198.18.240.2");
        System.out.printf(Locale.ROOT, "(2) longest wait in a %d s request/response stream: nc %.1f ms, veth pair %.1f ms (target <= 1000 ms)%n",
                streamSeconds, ncStall, peerStall);
        return failed + (ncStall <= 1000 ? 0 : 1);
    }

    private static double iperf(List<String> client, List<String> server, String serverIp) throws Exception {
        List<String> serve = new ArrayList<>(server);
        serve.addAll(List.of("iperf3", "-s", "-1", "-p", "5201"));
        Process listener = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> send = new ArrayList<>(client);
            send.addAll(List.of("iperf3", "-c", serverIp, "-p", "5201", "-t", "5", "-J"));
            for (int attempt = 0; ; attempt++) {
                Shell.Result r = Shell.run(send, Map.of(), null, Duration.ofSeconds(30));
                double bits = r.ok() ? JSON.readTree(r.stdout()).path("end").path("sum_received").path("bits_per_second").asDouble() : 0;
                if (bits > 0) {
                    return bits / 1e9;
                }
                // nothing measured: the server was not listening yet (iperf3 may still exit 0); once more
                if (attempt > 20) {
                    throw new IllegalStateException("iperf3 failed: " + r.stdout() + r.stderr());
                }
                Thread.sleep(100);
            }
        } finally {
            listener.destroyForcibly();
        }
    }

    private double stream(List<String> client, List<String> server, String serverIp) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = Path.of(EchoPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> serve = new ArrayList<>(server);
        serve.addAll(List.of(java, "-Xmx64m", "-cp", jar, EchoPeer.class.getName(), "server", "7000"));
        Process listener = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> send = new ArrayList<>(client);
            send.addAll(List.of(java, "-Xmx64m", "-cp", jar, EchoPeer.class.getName(), "client", serverIp, "7000",
                    Integer.toString(streamSeconds)));
            String out = Shell.run(send, Map.of(), null, Duration.ofSeconds(streamSeconds + 60L)).orThrow();
            System.out.println("    " + out.strip());
            Matcher m = Pattern.compile("max_ms=([0-9.]+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no result from the stream: " + out);
            }
            return Double.parseDouble(m.group(1));
        } finally {
            listener.destroyForcibly();
        }
    }

    // ---- (3) a rule change reaching every member --------------------------------------------------

    private int ruleChange() throws Exception {
        String members = group("members", "{\"direction\":1,\"protocol\":300,\"addressPrefix\":\"0.0.0.0/0\"}");
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        String open = containers.network().securityGroupId();
        for (int left = this.members; left > 0; left -= 100) {
            ids.addAll(containers.create(containers.body(Math.min(100, left), null, "sleep").replace(open, members)));
        }
        ids.forEach(id -> containers.awaitStatus(id, "running", Duration.ofMinutes(10)));
        System.out.printf(Locale.ROOT, "(3) %d members running after %.1f s%n", ids.size(), (System.nanoTime() - started) / 1e9);
        String router = Names.forOwner(server.owner()).namespace(vpcId);
        double[] seconds = new double[ruleChanges];
        for (int i = 0; i < ruleChanges; i++) {
            int port = 1000 + i;
            long t0 = System.nanoTime();
            ok(vpc.post("/v1/regions/" + REGION + "/networkSecurityGroups/" + members + ":addNetworkSecurityGroupRules",
                    "{\"networkSecurityGroupRuleSpecs\":[{\"direction\":0,\"protocol\":6,\"addressPrefix\":\"0.0.0.0/0\",\"fromPort\":"
                            + port + ",\"toPort\":" + port + "}]}"));
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            String rules = Shell.run("ip", "netns", "exec", router, "nft", "list", "ruleset").stdout();
            int inForce = rules.split("tcp dport " + port + " return", -1).length - 1;
            if (inForce != ids.size()) {
                throw new IllegalStateException("after the rule change " + inForce + " of " + ids.size() + " members have it");
            }
        }
        System.out.printf(Locale.ROOT, "(3) a rule change in force for all %d members: median %.3f s, max %.3f s over %d changes (target <= 2 s)%n",
                ids.size(), median(seconds), max(seconds), ruleChanges);
        return max(seconds) <= 2.0 ? 0 : 1;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static long pid(String id) {
        return Long.parseLong(Engine.docker("inspect", "--format", "{{.State.Pid}}", "nc-" + id).strip());
    }

    private static JsonNode ok(ApiResponse r) {
        if (r.status() != 200) {
            throw new IllegalStateException(r.toString());
        }
        return r.result();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
