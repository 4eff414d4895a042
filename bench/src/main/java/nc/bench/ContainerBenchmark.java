package nc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import nc.NcServer;
import nc.account.AccountChanges;
import nc.account.IssuedKey;
import nc.config.Config;
import nc.network.DefaultNetwork;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Secrets;
import nc.testing.Shell;
import nc.testing.SignedClient;

/**
 * Containers through nc's signed API against the same work done directly on the Docker Engine,
 * both measured in one run on one machine: (a) one container from create to running, (b) a batch
 * until all run, (c) listing throughput with many running containers. The server runs in this
 * JVM; the image and its private registry come from the server's test fixture {@link Engine}.
 */
public final class ContainerBenchmark {
    private static final String REGION = "cn-north-1";
    private static final String CONTAINERS = "/v1/regions/" + REGION + "/containers";
    private static final String SECRETS = "/v1/regions/" + REGION + "/secrets";
    private static final String SECRET_NAME = "bench-registry";
    private static final String INSTANCE_TYPE = "g.s1.small";
    /** The peer runs what g.s1.small gives an nc container: 1 CPU, 2 GB, no swap, the same log rotation. */
    private static final List<String> PEER_LIMITS = List.of("--cpus", "1", "--memory", "2g", "--memory-swap", "2g",
            "--restart", "unless-stopped", "--log-driver", "json-file", "--log-opt", "max-size=5242880", "--log-opt", "max-file=2");
    private static final String PEER_LABEL = "nc.bench.peer";
    private static final int MAX_COUNT = 100;
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NO_BODY = new byte[0];

    private final ContainerBenchSettings settings;
    private final NcServer server;
    private final Engine engine;
    private final Path dataDir;
    private final long deadlineNanos;
    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final LoadRunner runner;
    private final String peerRun = UUID.randomUUID().toString();
    private final String dockerdAtStart = dockerdPid();
    private final List<String> failures = new ArrayList<>();
    private final Object cleanupLock = new Object();
    private boolean cleanedUp;
    /** Set when cleanup begins (also from Ctrl-C): the run makes nothing new after that. */
    private volatile boolean closing;
    private SdkSignedRequests signing;
    private SignedClient untimed;
    private Containers bodies;
    private EngineSocket control;
    private String subnetCidr;
    private String subnetId;
    private long signingNanos;

    private ContainerBenchmark(ContainerBenchSettings settings, NcServer server, Engine engine, Path dataDir, long deadlineNanos) {
        this.settings = settings;
        this.server = server;
        this.engine = engine;
        this.dataDir = dataDir;
        this.deadlineNanos = deadlineNanos;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port());
        this.runner = new LoadRunner(client, deadlineNanos);
    }

    public static void main(String[] args) {
        BenchMain.quietLogs();
        ContainerBenchSettings settings = ContainerBenchSettings.fromSystemProperties();
        BenchMain.runAndExit(() -> runOnce(settings), "raise -Dbench.containers.maxSeconds or lower the counts");
    }

    private static int runOnce(ContainerBenchSettings settings) throws Exception {
        long deadline = System.nanoTime() + settings.timeCap().toNanos();
        Engine engine = Engine.get();
        Path dataDir = Files.createTempDirectory("nc-bench-containers");
        NcServer server;
        try {
            server = NcServer.start(Config.defaults(dataDir).withPort(0));
        } catch (RuntimeException e) {
            deleteRecursively(dataDir);
            throw e;
        }
        ContainerBenchmark bench = new ContainerBenchmark(settings, server, engine, dataDir, deadline);
        Thread onSignal = new Thread(bench::cleanUp, "nc-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            int code = bench.run();
            if (code != 0) {
                bench.noteEngineRestart();
            }
            return code;
        } catch (Exception e) {
            bench.noteEngineRestart();
            throw e;
        } finally {
            bench.cleanUp();
        }
    }

    /** A failure is no surprise when someone restarted dockerd meanwhile (tests on this machine do); say so. */
    private void noteEngineRestart() {
        String now = dockerdPid();
        if (!now.equals(dockerdAtStart)) {
            System.out.println();
            System.out.println("note: the Docker Engine was restarted during the run (dockerd pid " + dockerdAtStart + " -> "
                    + (now.isEmpty() ? "none" : now) + "); run the benchmark again");
        }
    }

    private static String dockerdPid() {
        return Shell.run("pgrep", "-x", "dockerd").stdout().strip();
    }

    // ---------------------------------------------------------------- the run

    private int run() throws Exception {
        control = EngineSocket.open();
        setUpAccount();
        printHeader();

        // (a) one container, create -> running; warm-up rounds first (the first also creates the engine network)
        for (int w = 0; w < Math.max(1, settings.warmups()); w++) {
            ncSingle();
            dockerSingle(false);
            dockerSingle(true);
        }
        List<Long> ncSingle = new ArrayList<>();
        List<Long> dockerReturned = new ArrayList<>();
        List<Long> dockerRunning = new ArrayList<>();
        List<Long> sameNetwork = new ArrayList<>();
        for (int rep = 0; rep < settings.repetitions(); rep++) {
            ncSingle.add(ncSingle());
            long[] docker = dockerSingle(false);
            dockerReturned.add(docker[0]);
            dockerRunning.add(docker[1]);
            sameNetwork.add(dockerSingle(true)[1]);
        }
        Samples a = new Samples(ncSingle);
        Samples aReturned = new Samples(dockerReturned);
        Samples aRunning = new Samples(dockerRunning);
        Samples aSameNetwork = new Samples(sameNetwork);
        System.out.printf(Locale.ROOT, "  done: (a) one container, %d repetitions (median nc %.0f ms, docker %.0f ms)%n",
                settings.repetitions(), a.medianMillis(), aRunning.medianMillis());

        // (b) a batch until all run
        List<Long> ncBatch = new ArrayList<>();
        List<Long> dockerBatch = new ArrayList<>();
        for (int rep = 0; rep < settings.batchRepetitions(); rep++) {
            ncBatch.add(ncBatch(settings.batchSize()));
            dockerBatch.add(dockerBatch(settings.batchSize()));
        }
        Samples b = new Samples(ncBatch);
        Samples bDocker = new Samples(dockerBatch);
        System.out.printf(Locale.ROOT, "  done: (b) %d containers, %d repetitions (median nc %.0f ms, docker %.0f ms)%n",
                settings.batchSize(), settings.batchRepetitions(), b.medianMillis(), bDocker.medianMillis());

        // (c) listing with many running containers
        long createStarted = System.nanoTime();
        List<String> listed = createListed(settings.listedContainers());
        long allRunning = System.nanoTime() - createStarted;
        checkListing(listed.size());
        System.out.printf(Locale.ROOT, "  done: (c) %d containers created through the API, all running after %.1f s%n",
                listed.size(), allRunning / 1e9);
        List<ListRow> rows = new ArrayList<>();
        for (int threads : settings.listThreads()) {
            PhaseResult nc = measureNc(threads);
            PhaseResult eng = measureEngine(threads);
            rows.add(new ListRow(threads, nc, eng));
            System.out.printf(Locale.ROOT, "  done: (c) %d thread(s) (pre-signing so far: %.1f s, not timed)%n", threads, signingNanos / 1e9);
        }
        long deleteStarted = System.nanoTime();
        deleteAndWait(listed);
        System.out.printf(Locale.ROOT, "  done: (c) %d containers deleted through the API and gone after %.1f s%n",
                listed.size(), (System.nanoTime() - deleteStarted) / 1e9);

        printResults(new SingleResults(a, aReturned, aRunning, aSameNetwork), b, bDocker, rows);
        return exitCode(a.medianMillis() / aRunning.medianMillis(), b.medianMillis() / bDocker.medianMillis(), rows);
    }

    /** Quota for everything at once, an own VPC and subnet (not the default 10.240.0.0/24 others use), the registry secret. */
    private void setUpAccount() throws IOException, InterruptedException {
        IssuedKey key = server.createdDefaultAccount();
        String account = key.accountId();
        server.accounts().change(account, new AccountChanges(null, null, null,
                settings.listedContainers() + settings.batchSize() + 10, null));
        signing = new SdkSignedRequests(endpoint, key.accessKey(), key.secretKey());
        untimed = new SignedClient(endpoint.toString(), key.accessKey(), key.secretKey());

        int second = freeSecondOctet();
        String vpcCidr = "10." + second + ".0.0/16";
        subnetCidr = "10." + second + ".0.0/24";
        AdminClient admin = new AdminClient(endpoint.toString(), server.operatorToken());
        String base = "/admin/accounts/" + account;
        String vpcId = ok("createVpc", admin.post(base + "/vpcs", "{\"name\":\"bench\",\"cidr\":\"" + vpcCidr + "\"}"))
                .result().path("vpc").path("vpcId").asText();
        subnetId = ok("createSubnet", admin.post(base + "/subnets", "{\"vpcId\":\"" + vpcId + "\",\"name\":\"bench\",\"cidr\":\""
                + subnetCidr + "\"}")).result().path("subnet").path("subnetId").asText();
        String groupId = ok("createSecurityGroup", admin.post(base + "/securityGroups", "{\"vpcId\":\"" + vpcId
                + "\",\"name\":\"bench\"}")).result().path("securityGroup").path("networkSecurityGroupId").asText();

        String secret = "{\"name\":\"" + SECRET_NAME + "\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\""
                + Secrets.b64(engine.registry()) + "\",\"username\":\"" + Secrets.b64(engine.username()) + "\",\"password\":\""
                + Secrets.b64(engine.password()) + "\"}}";
        send("createSecret", signing.sign("POST", SECRETS, Map.of(), secret.getBytes(StandardCharsets.UTF_8)));
        bodies = new Containers(untimed, engine, new DefaultNetwork(REGION, REGION + "a", vpcId, subnetId, groupId), SECRET_NAME);
    }

    /** The second octet of a 10.x.0.0/16 that overlaps no engine network now (other runs use 10.240.0.0/24). */
    private int freeSecondOctet() throws IOException {
        String forced = System.getProperty("bench.containers.secondOctet");
        if (forced != null) {
            return Integer.parseInt(forced);
        }
        EngineSocket.Response networks = control.send("GET", "/networks");
        if (networks.status() != 200) {
            throw new IllegalStateException("engine GET /networks answered " + networks.status() + ": " + networks.text());
        }
        List<long[]> taken = new ArrayList<>();
        for (JsonNode n : JSON.readTree(networks.body())) {
            for (JsonNode c : n.path("IPAM").path("Config")) {
                long[] range = ipv4Range(c.path("Subnet").asText(""));
                if (range != null) {
                    taken.add(range);
                }
            }
        }
        for (int second = 241; second <= 254; second++) {
            long[] wanted = ipv4Range("10." + second + ".0.0/16");
            if (taken.stream().noneMatch(t -> t[0] <= wanted[1] && wanted[0] <= t[1])) {
                return second;
            }
        }
        throw new IllegalStateException("no free 10.241-254.0.0/16 range among the engine's networks");
    }

    /** {first, last} address of an IPv4 CIDR, or null for anything else (IPv6, empty). */
    private static long[] ipv4Range(String cidr) {
        String[] parts = cidr.split("/");
        String[] octets = parts[0].split("\\.");
        if (parts.length != 2 || octets.length != 4) {
            return null;
        }
        long address = 0;
        for (String o : octets) {
            address = (address << 8) | Long.parseLong(o);
        }
        int prefix = Integer.parseInt(parts[1]);
        long size = 1L << (32 - prefix);
        long first = address & ~(size - 1) & 0xFFFFFFFFL;
        return new long[] {first, first + size - 1};
    }

    private void printHeader() {
        System.out.printf(Locale.ROOT, "%nnc container benchmark: image %s, command /bin/nc-test-app, args [sleep], %s%n",
                engine.image(), INSTANCE_TYPE);
        System.out.printf(Locale.ROOT, "  nc:     signed JD Cloud API (SDK signer) -> in-process server -> Docker Engine; own subnet %s (%s)%n",
                subnetCidr, subnetId);
        System.out.println("  peer:   docker CLI (run -d on the default bridge, same image/command/limits/restart policy/log driver;");
        System.out.println("          inspect polled every poll interval); for listing the engine API on /var/run/docker.sock (HTTP/1.1 keep-alive)");
        System.out.println("  reference for (a), not the peer: the same docker run -d on the engine's none network, as nc starts its containers before plugging them");
        System.out.printf(Locale.ROOT, "  (a) %d repetitions + %d warm-up rounds, (b) %d x %d containers, (c) %d containers, threads %s, "
                        + "%d warm-up + %d measured requests per side; poll every %d ms; time cap %d s%n",
                settings.repetitions(), Math.max(1, settings.warmups()), settings.batchRepetitions(), settings.batchSize(), settings.listedContainers(),
                settings.listThreads(), settings.listWarmup(), settings.listRequests(), settings.pollEvery().toMillis(),
                settings.timeCap().toSeconds());
        System.out.println("  client, server and engine share this machine's " + Runtime.getRuntime().availableProcessors()
                + " CPUs; traffic only to 127.0.0.1 and the local docker socket");
        System.out.println();
    }

    // ---------------------------------------------------------------- (a) and (b): nc side

    /** Nanoseconds from the createContainers call until describeContainer says running; deletes it afterwards. */
    private long ncSingle() throws IOException, InterruptedException {
        HttpRequest create = signing.sign("POST", CONTAINERS, Map.of(), body(1));
        long started = System.nanoTime();
        List<String> ids = created(send("createContainers", create));
        awaitRunningOne(ids.get(0));
        long took = System.nanoTime() - started;
        deleteAndWait(ids);
        return took;
    }

    /** Nanoseconds from createContainers(maxCount = n) until all n are running; deletes them afterwards. */
    private long ncBatch(int n) throws IOException, InterruptedException {
        HttpRequest create = signing.sign("POST", CONTAINERS, Map.of(), body(n));
        long started = System.nanoTime();
        List<String> ids = created(send("createContainers", create));
        if (ids.size() != n) {
            throw new IllegalStateException("createContainers(maxCount=" + n + ") created " + ids.size() + ": " + ids);
        }
        awaitRunningAll(ids);
        long took = System.nanoTime() - started;
        deleteAndWait(ids);
        return took;
    }

    private byte[] body(int maxCount) {
        return bodies.body(maxCount, null, "sleep").replace("\"name\":\"it-app\"", "\"name\":\"bench\"")
                .replace("\"instanceType\":\"g.s1.small\"", "\"instanceType\":\"" + INSTANCE_TYPE + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void awaitRunningOne(String id) throws IOException, InterruptedException {
        long limit = limitNanos("container " + id + " running");
        while (true) {
            long polled = System.nanoTime();
            JsonNode c = send("describeContainer", signing.sign("GET", CONTAINERS + "/" + id, Map.of(), NO_BODY))
                    .path("result").path("container");
            if (isRunning(c)) {
                return;
            }
            pause(polled, limit, "container " + id + " running, now " + c.path("status").asText());
        }
    }

    private void awaitRunningAll(List<String> ids) throws IOException, InterruptedException {
        long limit = limitNanos(ids.size() + " containers running");
        Map<String, String> query = idFilter(ids);
        while (true) {
            long polled = System.nanoTime();
            JsonNode result = send("describeContainers", signing.sign("GET", CONTAINERS, query, NO_BODY)).path("result");
            int running = 0;
            for (JsonNode c : result.path("containers")) {
                running += isRunning(c) ? 1 : 0;
            }
            if (running == ids.size()) {
                return;
            }
            pause(polled, limit, ids.size() + " containers running, " + running + " are");
        }
    }

    /** True when running; fails the run on error. */
    private static boolean isRunning(JsonNode container) {
        String status = container.path("status").asText();
        if (status.equals("error")) {
            throw new IllegalStateException("container " + container.path("containerId").asText() + " ended in error: "
                    + container.path("reason").asText());
        }
        return status.equals("running");
    }

    private static Map<String, String> idFilter(List<String> ids) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageSize", "100");
        query.put("filters.1.name", "containerId");
        for (int i = 0; i < ids.size(); i++) {
            query.put("filters.1.values." + (i + 1), ids.get(i));
        }
        return query;
    }

    /** maxCount is at most 100: several calls, then all must run. */
    private List<String> createListed(int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            int n = Math.min(MAX_COUNT, count - ids.size());
            List<String> made = created(send("createContainers", signing.sign("POST", CONTAINERS, Map.of(), body(n))));
            if (made.size() != n) {
                throw new IllegalStateException("createContainers(maxCount=" + n + ") created " + made.size());
            }
            ids.addAll(made);
        }
        long limit = limitNanos(count + " containers running");
        while (true) {
            long polled = System.nanoTime();
            long errors = totalWithStatus("error");
            if (errors > 0) {
                JsonNode failed = send("describeContainers", signing.sign("GET", CONTAINERS, Map.of("filters.1.name", "status",
                        "filters.1.values.1", "error"), NO_BODY)).path("result").path("containers").path(0);
                isRunning(failed);
            }
            long running = totalWithStatus("running");
            if (running == count) {
                return ids;
            }
            pause(polled + Duration.ofMillis(250).toNanos(), limit, count + " containers running, " + running + " are");
        }
    }

    private long totalWithStatus(String status) throws IOException, InterruptedException {
        return send("describeContainers", signing.sign("GET", CONTAINERS, Map.of("pageSize", "10", "filters.1.name", "status",
                "filters.1.values.1", status), NO_BODY)).path("result").path("totalCount").asLong();
    }

    /** The measured calls must do the real work: a full page out of all running containers, on both sides. */
    private void checkListing(int count) throws IOException, InterruptedException {
        JsonNode page = send("describeContainers", signing.sign("GET", CONTAINERS, Map.of("pageSize", "20"), NO_BODY)).path("result");
        if (page.path("totalCount").asInt() != count || page.path("containers").size() != 20) {
            throw new IllegalStateException("describeContainers sanity check failed: " + page);
        }
        EngineSocket.Response listed = control.send("GET", engineListTarget());
        JsonNode all = JSON.readTree(listed.body());
        long running = 0;
        for (JsonNode c : all) {
            running += "running".equals(c.path("State").asText()) ? 1 : 0;
        }
        if (listed.status() != 200 || all.size() != count || running != count) {
            throw new IllegalStateException("engine list sanity check failed: HTTP " + listed.status() + ", " + all.size()
                    + " containers, " + running + " running (expected " + count + ")");
        }
    }

    /** Deletes through the API (each must answer 200) and waits until describeContainers no longer shows them. */
    private void deleteAndWait(List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            send("deleteContainer", signing.sign("DELETE", CONTAINERS + "/" + id, Map.of(), NO_BODY));
        }
        long limit = limitNanos(ids.size() + " containers gone");
        for (int from = 0; from < ids.size(); from += MAX_COUNT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_COUNT));
            while (true) {
                long polled = System.nanoTime();
                long left = send("describeContainers", signing.sign("GET", CONTAINERS, idFilter(chunk), NO_BODY))
                        .path("result").path("totalCount").asLong();
                if (left == 0) {
                    break;
                }
                pause(polled + Duration.ofMillis(30).toNanos(), limit, ids.size() + " containers gone, " + left + " left");
            }
        }
    }

    private static List<String> created(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("result").path("containerIds").forEach(n -> ids.add(n.asText()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("createContainers returned no ids: " + response);
        }
        return ids;
    }

    // ---------------------------------------------------------------- (a) and (b): docker side

    /** {nanoseconds until docker run -d returned, nanoseconds until docker inspect says Running}; removes it afterwards. */
    /**
     * {returned, running} nanoseconds of one docker run -d; {@code asNcDoes}: on the engine's
     * {@code none} network, as nc starts its containers before it plugs them (for reference, not the peer).
     */
    private long[] dockerSingle(boolean asNcDoes) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String id = dockerRun(asNcDoes ? List.of("--network", "none") : List.of());
        long returned = System.nanoTime() - started;
        awaitDockerRunning(List.of(id));
        long running = System.nanoTime() - started;
        removePeers(List.of(id));
        return new long[] {returned, running};
    }

    /** Nanoseconds for n sequential docker run -d until docker inspect says all are Running; removes them afterwards. */
    private long dockerBatch(int n) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(dockerRun(List.of()));
        }
        awaitDockerRunning(ids);
        long took = System.nanoTime() - started;
        removePeers(ids);
        return took;
    }

    private String dockerRun(List<String> network) {
        stopWhenClosing();
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--label", PEER_LABEL + "=" + peerRun));
        command.addAll(PEER_LIMITS);
        command.addAll(network);
        command.addAll(List.of("--entrypoint", "/bin/nc-test-app", engine.image(), "sleep"));
        String id = Shell.run(command, Map.of(), null, Duration.ofMinutes(1)).orThrow().strip();
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("docker run -d printed no container id: " + id);
        }
        return id;
    }

    /** Polls {@code docker inspect} (one CLI call for all ids) until every one says Running. */
    private void awaitDockerRunning(List<String> ids) throws InterruptedException {
        long limit = limitNanos(ids.size() + " docker containers running");
        List<String> command = new ArrayList<>(List.of("docker", "inspect", "--format", "{{.State.Running}} {{.State.Status}} {{.State.Error}}"));
        command.addAll(ids);
        while (true) {
            long polled = System.nanoTime();
            List<String> states = Shell.run(command, Map.of(), null, Duration.ofMinutes(1)).orThrow().lines().toList();
            long running = 0;
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i).startsWith("true ")) {
                    running++;
                } else if (states.get(i).contains(" exited") || states.get(i).contains(" dead")) {
                    throw new IllegalStateException("docker container " + ids.get(i) + " is " + states.get(i));
                }
            }
            if (running == ids.size()) {
                return;
            }
            pause(polled, limit, ids.size() + " docker containers running, " + running + " are");
        }
    }

    private void removePeers(List<String> ids) throws IOException {
        for (String id : ids) {
            EngineSocket.Response r = control.send("DELETE", "/containers/" + id + "?force=1&v=1");
            if (r.status() != 204 && r.status() != 404) {
                throw new IllegalStateException("engine remove " + id + " answered " + r.status() + ": " + r.text());
            }
        }
    }

    // ---------------------------------------------------------------- (c) listing

    private record ListRow(int threads, PhaseResult nc, PhaseResult engine) {
        double ratio() {
            return nc.requestsPerSecond() / engine.requestsPerSecond();
        }
    }

    /** describeContainers, pre-signed (a fresh nonce each); warm-up, then measured. */
    private PhaseResult measureNc(int threads) throws InterruptedException {
        String phase = "describeContainers, " + threads + " thread(s)";
        noteErrors(phase + ", warm-up", runner.run(phase + ", warm-up", signedListRequests(settings.listWarmup()), threads));
        PhaseResult result = runner.run(phase + ", measured", signedListRequests(settings.listRequests()), threads);
        noteErrors(phase + ", measured", result);
        return result;
    }

    /** The engine's own list, one keep-alive connection per client thread; warm-up, then measured. */
    private PhaseResult measureEngine(int threads) throws InterruptedException, IOException {
        String phase = "engine GET /containers/json, " + threads + " thread(s)";
        String target = engineListTarget();
        EngineSocket[] sockets = new EngineSocket[threads];
        try {
            for (int t = 0; t < threads; t++) {
                sockets[t] = EngineSocket.open();
            }
            LoadRunner.Sender list = (i, t) -> {
                try {
                    EngineSocket.Response r = sockets[t].send("GET", target);
                    return r.status() == 200 ? null : "HTTP " + r.status() + " " + r.text();
                } catch (IOException e) {
                    return e.toString();
                }
            };
            noteErrors(phase + ", warm-up", runner.run(phase + ", warm-up", settings.listWarmup(), threads, list));
            PhaseResult result = runner.run(phase + ", measured", settings.listRequests(), threads, list);
            noteErrors(phase + ", measured", result);
            return result;
        } finally {
            for (EngineSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** The engine's list of exactly this server's containers (all running, so no {@code all=1}). */
    private String engineListTarget() {
        String filters = "{\"label\":[\"nc.owner=" + server.owner() + "\"]}";
        return "/containers/json?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8);
    }

    private List<HttpRequest> signedListRequests(int count) {
        long started = System.nanoTime();
        List<HttpRequest> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pool.add(signing.sign("GET", CONTAINERS, Map.of("pageSize", "20"), NO_BODY));
        }
        signingNanos += System.nanoTime() - started;
        return pool;
    }

    private void noteErrors(String phase, PhaseResult result) {
        if (result.errors() > 0) {
            failures.add(phase + ": " + result.errors() + " non-200 responses; first: " + result.firstError());
        }
    }

    // ---------------------------------------------------------------- output

    /** Repetitions of one timed operation. */
    private record Samples(long[] nanos) {
        Samples(List<Long> values) {
            this(values.stream().mapToLong(Long::longValue).sorted().toArray());
        }

        double medianMillis() {
            int n = nanos.length;
            return (n % 2 == 1 ? nanos[n / 2] : (nanos[n / 2 - 1] + nanos[n / 2]) / 2.0) / 1e6;
        }

        double minMillis() {
            return nanos[0] / 1e6;
        }

        double maxMillis() {
            return nanos[nanos.length - 1] / 1e6;
        }
    }

    /** (a)'s samples: nc, the peer (until the CLI returned, until Running) and the reference on the none network. */
    private record SingleResults(Samples nc, Samples returned, Samples running, Samples sameNetwork) {
    }

    private void printResults(SingleResults one, Samples b, Samples bDocker, List<ListRow> rows) {
        Samples a = one.nc();
        Samples aRunning = one.running();
        String rule = "----------------------------------------------------------+-----------+-----------+----------";
        System.out.println();
        System.out.printf(Locale.ROOT, "(a) one container, create -> running (%d repetitions after %d warm-up rounds)%n",
                settings.repetitions(), Math.max(1, settings.warmups()));
        System.out.println("side                                                      | median ms |    min ms |   max ms");
        System.out.println(rule);
        printSamples("nc: createContainers -> describeContainer \"running\"", a);
        printSamples("docker run -d, until the CLI returned", one.returned());
        printSamples("docker run -d -> docker inspect Running (peer)", aRunning);
        printSamples("  reference: the same on the none network", one.sameNetwork());
        System.out.println();
        System.out.printf(Locale.ROOT, "(b) %d containers until all running (%d repetitions)%n", settings.batchSize(), settings.batchRepetitions());
        System.out.println("side                                                      | median ms |    min ms |   max ms");
        System.out.println(rule);
        printSamples("nc: createContainers maxCount=" + settings.batchSize() + " -> all \"running\"", b);
        printSamples(settings.batchSize() + " x docker run -d, sequential -> all Running (peer)", bDocker);
        System.out.println();
        System.out.printf(Locale.ROOT, "(c) listing with %d running containers (nc: one page of 20; engine: all %d of them)%n",
                settings.listedContainers(), settings.listedContainers());
        System.out.println("threads | endpoint                                |      req/s |   p50 ms |   p99 ms | errors");
        System.out.println("--------+-----------------------------------------+------------+----------+----------+-------");
        for (ListRow row : rows) {
            printPhase(row.threads(), "nc describeContainers pageSize=20", row.nc());
            printPhase(row.threads(), "engine GET /containers/json (peer)", row.engine());
        }
        System.out.println();
        System.out.println("ratios, nc against its peer measured in this run");
        System.out.println("measure                                             |  ratio | target  | result");
        System.out.println("----------------------------------------------------+--------+---------+--------");
        double single = a.medianMillis() / aRunning.medianMillis();
        double batch = b.medianMillis() / bDocker.medianMillis();
        printRatio("(a) one container: nc time / docker time", single, "<= " + ContainerBenchSettings.TARGET_SINGLE,
                single <= ContainerBenchSettings.TARGET_SINGLE);
        printRatio("(b) " + settings.batchSize() + " containers: nc time / docker time", batch, "<= " + ContainerBenchSettings.TARGET_BATCH,
                batch <= ContainerBenchSettings.TARGET_BATCH);
        for (ListRow row : rows) {
            printRatio("(c) listing, " + row.threads() + " thread(s): nc req/s / engine req/s", row.ratio(),
                    ">= " + ContainerBenchSettings.TARGET_LIST, row.ratio() >= ContainerBenchSettings.TARGET_LIST);
        }
        System.out.printf(Locale.ROOT, "for reference, (a) against docker run -d on the none network: %.2fx"
                + " (nc %+.0f ms)%n", a.medianMillis() / one.sameNetwork().medianMillis(),
                a.medianMillis() - one.sameNetwork().medianMillis());
    }

    private static void printSamples(String label, Samples s) {
        System.out.printf(Locale.ROOT, "%-57s | %9.0f | %9.0f | %8.0f%n", label, s.medianMillis(), s.minMillis(), s.maxMillis());
    }

    private static void printPhase(int threads, String endpoint, PhaseResult r) {
        System.out.printf(Locale.ROOT, "%7d | %-39s | %,10.0f | %8.2f | %8.2f | %6d%n", threads, endpoint,
                r.requestsPerSecond(), r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors());
    }

    private static void printRatio(String label, double ratio, String target, boolean met) {
        System.out.printf(Locale.ROOT, "%-51s | %5.2fx | %-7s | %s%n", label, ratio, target + "x", met ? "met" : "NOT MET");
    }

    private int exitCode(double single, double batch, List<ListRow> rows) {
        System.out.println();
        if (!failures.isEmpty()) {
            System.out.println("BENCHMARK FAILED: requests did not all answer HTTP 200");
            failures.forEach(f -> System.out.println("  " + f));
            return 1;
        }
        boolean missed = single > ContainerBenchSettings.TARGET_SINGLE || batch > ContainerBenchSettings.TARGET_BATCH
                || rows.stream().anyMatch(r -> r.ratio() < ContainerBenchSettings.TARGET_LIST);
        if (missed && settings.failBelowTarget()) {
            System.out.println("BENCHMARK FAILED: a target was missed (-Dbench.containers.failBelowTarget=true)");
            return 2;
        }
        System.out.println("all requests answered HTTP 200, no container ended in error"
                + (missed ? "; some targets NOT met" : "; all targets met"));
        return 0;
    }

    // ---------------------------------------------------------------- plumbing

    /** Sends one untimed-by-the-runner request; anything but HTTP 200 fails the run. Returns the parsed envelope. */
    private JsonNode send(String operation, HttpRequest request) throws IOException, InterruptedException {
        stopWhenClosing();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    private void stopWhenClosing() {
        if (closing) {
            throw new IllegalStateException("stopped: cleaning up");
        }
    }

    private static ApiResponse ok(String operation, ApiResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException(operation + " answered " + response);
        }
        return response;
    }

    /** The earlier of the overall deadline and the settle limit for one wait. */
    private long limitNanos(String what) {
        if (System.nanoTime() >= deadlineNanos) {
            throw new LoadRunner.TimeCapExceeded("time cap reached before waiting for " + what);
        }
        return Math.min(deadlineNanos, System.nanoTime() + SETTLE_LIMIT.toNanos());
    }

    /** Sleeps until one poll interval after {@code polled}; fails once past {@code limit}. */
    private void pause(long polled, long limit, String waitingFor) throws InterruptedException {
        long now = System.nanoTime();
        if (now >= limit) {
            String message = "gave up waiting for " + waitingFor;
            throw now >= deadlineNanos ? new LoadRunner.TimeCapExceeded(message) : new IllegalStateException(message);
        }
        long sleep = polled + settings.pollEvery().toNanos() - now;
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }

    // ---------------------------------------------------------------- cleanup

    /**
     * Everything this run made, also after a failure or Ctrl-C (then from a shutdown hook): nc's
     * containers through the API until gone; then the server is stopped (so that its sync cannot
     * re-create anything) and the engine swept: the peer containers
     * and the reference network, then every container, network (the subnet's {@code nc-<subnetId>})
     * and volume with this server's owner label; then its host firewall scope and the data folder.
     * The fixture's registry and image tag go with its own hook. A Docker Engine that is restarting
     * (other users of the machine do that) is waited for.
     */
    private void cleanUp() {
        synchronized (cleanupLock) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            closing = true;
            List<String> problems = new ArrayList<>();
            awaitEngine();
            try {
                deleteAllThroughApi();
            } catch (Exception e) {
                problems.add("deleting through the API: " + e);
            }
            try {
                if (control != null) {
                    control.close();
                }
            } catch (IOException e) {
                // nothing left to say on it
            }
            awaitWorkerIdle();
            server.close();
            // a busy engine may still be finishing a create the stopped worker had asked for: try a few times
            String sweepFailure = sweepEngine();
            for (int attempt = 1; sweepFailure != null && attempt < 5; attempt++) {
                pauseQuietly(Duration.ofSeconds(3));
                awaitEngine();
                sweepFailure = sweepEngine();
            }
            if (sweepFailure != null) {
                problems.add(sweepFailure);
            }
            try {
                // the server's tenant networks (VPC namespaces, transit links) go with it
                server.datapath().removeAll();
            } catch (RuntimeException e) {
                problems.add("removing the tenant networks: " + e);
            }
            try {
                deleteRecursively(dataDir);
            } catch (IOException | UncheckedIOException e) {
                problems.add("deleting " + dataDir + ": " + e);
            }
            if (!problems.isEmpty()) {
                System.out.println("cleanup problems (remove by hand: label nc.owner=" + server.owner() + ", label "
                        + PEER_LABEL + "=" + peerRun + "):");
                problems.forEach(p -> System.out.println("  " + p));
            }
        }
    }

    /** Null when nothing of this run is left in the engine, else what is. */
    private String sweepEngine() {
        try {
            List<String> peers = lines(Engine.docker("ps", "-aq", "--filter", "label=" + PEER_LABEL + "=" + peerRun));
            if (!peers.isEmpty()) {
                Engine.docker(Stream.concat(Stream.of("rm", "-fv"), peers.stream()).toArray(String[]::new));
            }
            List<String> peerNetworks = lines(Engine.docker("network", "ls", "-q", "--filter", "label=" + PEER_LABEL + "=" + peerRun));
            if (!peerNetworks.isEmpty()) {
                Engine.docker(Stream.concat(Stream.of("network", "rm"), peerNetworks.stream()).toArray(String[]::new));
            }
            Engine.removeLabelled("nc.owner", server.owner());
            String filter = "label=nc.owner=" + server.owner();
            List<String> left = new ArrayList<>(lines(Engine.docker("ps", "-aq", "--filter", filter)));
            left.addAll(lines(Engine.docker("ps", "-aq", "--filter", "label=" + PEER_LABEL + "=" + peerRun)));
            left.addAll(lines(Engine.docker("network", "ls", "-q", "--filter", "label=" + PEER_LABEL + "=" + peerRun)));
            left.addAll(lines(Engine.docker("network", "ls", "-q", "--filter", filter)));
            left.addAll(lines(Engine.docker("volume", "ls", "-q", "--filter", filter)));
            return left.isEmpty() ? null : "still in the engine: " + left;
        } catch (RuntimeException e) {
            return "removing engine objects: " + e.getMessage();
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Waits (at most 90 s) while the Docker Engine does not answer, e.g. because someone restarts it. */
    private static void awaitEngine() {
        long limit = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Shell.run("docker", "info", "--format", "{{.ServerVersion}}").ok() && System.nanoTime() < limit) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Deletes every container of the account (retrying those still in a transition) and waits until
     * none is left; gives up after 120 s, or after 60 s in which no container changed status (a
     * delete the worker could not do while the engine was down is not retried by the server; the
     * engine sweep removes those).
     */
    private void deleteAllThroughApi() throws InterruptedException {
        if (untimed == null) {
            return;
        }
        long limit = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long lastProgress = System.nanoTime();
        Map<String, Integer> seen = Map.of();
        while (true) {
            List<JsonNode> all = new ArrayList<>();
            long total = 0;
            for (int pageNumber = 1; ; pageNumber++) {
                ApiResponse page = untimed.get(CONTAINERS, Map.of("pageSize", "100", "pageNumber", Integer.toString(pageNumber)));
                if (page.status() != 200) {
                    throw new IllegalStateException("describeContainers answered " + page);
                }
                total = page.result().path("totalCount").asLong();
                page.result().path("containers").forEach(all::add);
                if (page.result().path("containers").size() < 100 || all.size() >= total) {
                    break;
                }
            }
            if (total == 0) {
                return;
            }
            Map<String, Integer> now = statuses(all);
            if (!now.equals(seen)) {
                seen = now;
                lastProgress = System.nanoTime();
            }
            for (JsonNode c : all) {
                if (List.of("running", "stopped", "error").contains(c.path("status").asText())) {
                    untimed.delete(CONTAINERS + "/" + c.path("containerId").asText());
                }
            }
            long at = System.nanoTime();
            if (at > limit || at - lastProgress > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException(total + " containers still listed (" + now + ")");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Lets the server's worker finish what it is doing (at most 60 s) before the server stops: a
     * stop interrupts engine calls in flight, and an engine create or start cut off that way can
     * leave an endpoint behind that keeps the subnet's network from being removed.
     */
    private void awaitWorkerIdle() {
        long limit = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int idleInARow = 0;
        // idle() sees the task at work, not those queued behind it: idle for a second in a row
        while (idleInARow < 5 && System.nanoTime() < limit) {
            idleInARow = server.worker().idle() ? idleInARow + 1 : 0;
            pauseQuietly(Duration.ofMillis(200));
        }
    }

    private static void pauseQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Integer> statuses(Iterable<JsonNode> containers) {
        Map<String, Integer> count = new LinkedHashMap<>();
        containers.forEach(c -> count.merge(c.path("status").asText(), 1, Integer::sum));
        return count;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
