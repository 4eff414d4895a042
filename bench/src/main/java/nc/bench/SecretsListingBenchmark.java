package nc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import nc.NcServer;
import nc.account.AccountChanges;
import nc.account.IssuedKey;
import nc.config.Config;

/**
 * Throughput and latency of the signed, database-backed describeSecrets call against the same
 * server's unauthenticated health check, for several client thread counts, in one JVM.
 */
public final class SecretsListingBenchmark {
    private static final int STORED_SECRETS = 100;
    private static final String SECRETS_PATH = "/v1/regions/cn-north-1/secrets";
    private static final Map<String, String> FIRST_PAGE = Map.of("pageSize", "20");

    private final BenchSettings settings;
    private final URI endpoint;
    private final SdkSignedRequests signing;
    /** One per server; describeSecrets requests go to each in turn (replicas on one database). */
    private final List<SdkSignedRequests> replicaSigning = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final LoadRunner runner;
    private final List<String> failures = new ArrayList<>();
    private long signingNanos;

    private SecretsListingBenchmark(BenchSettings settings, List<Integer> ports, IssuedKey key, long deadlineNanos) {
        this.settings = settings;
        this.endpoint = URI.create("http://127.0.0.1:" + ports.get(0));
        this.signing = new SdkSignedRequests(endpoint, key.accessKey(), key.secretKey());
        for (int port : ports) {
            replicaSigning.add(new SdkSignedRequests(URI.create("http://127.0.0.1:" + port), key.accessKey(), key.secretKey()));
        }
        this.runner = new LoadRunner(client, deadlineNanos);
    }

    public static void main(String[] args) {
        BenchMain.quietLogs();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        BenchMain.runAndExit(() -> runOnce(settings), "raise -Dbench.maxSeconds or lower -Dbench.requests");
    }

    /**
     * One server on H2 (the default), or with {@code -Dbench.dbUrl} (and {@code bench.dbUser},
     * {@code bench.dbPassword}) {@code -Dbench.replicas} servers on that database, sharing one
     * master key, each with its own data folder: nonces are then checked in that database.
     */
    private static int runOnce(BenchSettings settings) throws Exception {
        long deadline = System.nanoTime() + settings.timeCap().toNanos();
        String dbUrl = freshSchema(System.getProperty("bench.dbUrl"));
        int replicas = dbUrl == null ? 1 : Integer.getInteger("bench.replicas", 2);
        Config.Security security = Config.Security.defaults().withMasterKey(nc.store.MasterKeys.fresh());
        List<Path> dataDirs = new ArrayList<>();
        List<NcServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                Path dataDir = Files.createTempDirectory("nc-bench");
                dataDirs.add(dataDir);
                Config config = Config.defaults(dataDir).withPort(0).withSecurity(security);
                if (dbUrl != null) {
                    config = config.withDatabase(dbUrl, System.getProperty("bench.dbUser", "nc"), System.getProperty("bench.dbPassword", "nc"));
                }
                servers.add(NcServer.start(config));
            }
            IssuedKey key = servers.get(0).createdDefaultAccount();
            servers.get(0).accounts().change(key.accountId(), new AccountChanges(null, null, null, null, 1000));
            System.out.printf(Locale.ROOT, "%n%d server(s) on %s%n", replicas, dbUrl == null ? "H2" : dbUrl);
            return new SecretsListingBenchmark(settings, servers.stream().map(NcServer::port).toList(), key, deadline).run();
        } finally {
            servers.forEach(NcServer::close);
            for (Path dataDir : dataDirs) {
                deleteRecursively(dataDir);
            }
        }
    }

    private int run() throws Exception {
        storeSecrets();
        checkFirstPage();
        System.out.printf(Locale.ROOT, "%nnc benchmark: %,d warm-up + %,d measured requests per phase, client threads %s, time cap %ds%n",
                settings.warmupRequests(), settings.measuredRequests(), settings.threadCounts(), settings.timeCap().toSeconds());
        System.out.println("  baseline: GET /health (unauthenticated)");
        System.out.printf(Locale.ROOT, "  subject:  signed GET %s?pageSize=20 (describeSecrets, %d secrets stored)%n",
                SECRETS_PATH, STORED_SECRETS);
        System.out.println("  signed requests are pre-signed (JD Cloud SDK signer, fresh nonce each) before each phase; signing is not timed");
        System.out.println("  client and server share this machine's " + Runtime.getRuntime().availableProcessors() + " CPUs; traffic only to 127.0.0.1");
        System.out.println();

        List<Row> rows = new ArrayList<>();
        for (int threads : settings.threadCounts()) {
            PhaseResult health = measure("GET /health", threads, healthRequests(settings.warmupRequests()),
                    healthRequests(settings.measuredRequests()));
            PhaseResult signed = measure("describeSecrets", threads, signedListRequests(settings.warmupRequests()),
                    signedListRequests(settings.measuredRequests()));
            rows.add(new Row(threads, health, signed));
            System.out.printf(Locale.ROOT, "  done: %d thread(s) (pre-signing so far: %.1f s, not timed)%n", threads, signingNanos / 1e9);
        }
        printTable(rows);
        return exitCode(rows);
    }

    private record Row(int threads, PhaseResult health, PhaseResult signed) {
        double ratio() {
            return signed.requestsPerSecond() / health.requestsPerSecond();
        }
    }

    /** Warm-up then measured, same thread count; errors of either are reported. */
    private PhaseResult measure(String label, int threads, List<HttpRequest> warmup, List<HttpRequest> measured)
            throws InterruptedException {
        String phase = label + ", " + threads + " thread(s)";
        noteErrors(phase + ", warm-up", runner.run(phase + ", warm-up", warmup, threads));
        PhaseResult result = runner.run(phase + ", measured", measured, threads);
        noteErrors(phase + ", measured", result);
        return result;
    }

    private void noteErrors(String phase, PhaseResult result) {
        if (result.errors() > 0) {
            failures.add(phase + ": " + result.errors() + " non-200 responses; first: " + result.firstError());
        }
    }

    private List<HttpRequest> healthRequests(int count) {
        HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/health"))
                .timeout(SdkSignedRequests.REQUEST_TIMEOUT).GET().build();
        return Collections.nCopies(count, health);
    }

    /** A pool of distinct signed requests, each to be sent once (the server refuses a reused nonce), to each server in turn. */
    private List<HttpRequest> signedListRequests(int count) {
        long started = System.nanoTime();
        List<HttpRequest> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pool.add(replicaSigning.get(i % replicaSigning.size()).sign("GET", SECRETS_PATH, FIRST_PAGE, new byte[0]));
        }
        signingNanos += System.nanoTime() - started;
        return pool;
    }

    /** Through the API itself, so the rows are exactly what clients create. */
    private void storeSecrets() throws IOException, InterruptedException {
        for (int i = 1; i <= STORED_SECRETS; i++) {
            String body = String.format(Locale.ROOT, "{\"name\":\"bench-secret-%03d\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"cmVnaXN0cnkuZXhhbXBsZS5jb20=\",\"username\":\"Ym9i\",\"password\":\"czNjcjN0\"}}", i);
            HttpRequest create = signing.sign("POST", SECRETS_PATH, Map.of(), body.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = client.send(create, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("createSecret #" + i + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /** The measured call must do the real work: a full page out of all stored secrets. */
    private void checkFirstPage() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(signing.sign("GET", SECRETS_PATH, FIRST_PAGE, new byte[0]),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = new ObjectMapper().readTree(response.body()).path("result");
        if (response.statusCode() != 200 || result.path("totalCount").asInt() != STORED_SECRETS
                || result.path("secrets").size() != 20) {
            throw new IllegalStateException("describeSecrets sanity check failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private void printTable(List<Row> rows) {
        String line = "--------+-----------------+------------+----------+----------+--------";
        System.out.println();
        System.out.println("threads | endpoint        |      req/s |   p50 ms |   p99 ms | errors");
        System.out.println(line);
        for (Row row : rows) {
            printResult(row.threads(), "GET /health", row.health());
            printResult(row.threads(), "describeSecrets", row.signed());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "target: signed, database-backed describeSecrets >= %.0f%% of GET /health throughput%n",
                BenchSettings.TARGET_RATIO * 100);
        System.out.println("threads | signed/health | target");
        System.out.println("--------+---------------+-------");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%7d | %12.1f%% | %s%n", row.threads(), row.ratio() * 100,
                    row.ratio() >= BenchSettings.TARGET_RATIO ? "met" : "NOT MET");
        }
    }

    private static void printResult(int threads, String endpoint, PhaseResult r) {
        System.out.printf(Locale.ROOT, "%7d | %-15s | %,10.0f | %8.3f | %8.3f | %6d%n", threads, endpoint,
                r.requestsPerSecond(), r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors());
    }

    private int exitCode(List<Row> rows) {
        System.out.println();
        if (!failures.isEmpty()) {
            System.out.println("BENCHMARK FAILED: requests did not all answer HTTP 200");
            failures.forEach(f -> System.out.println("  " + f));
            return 1;
        }
        boolean missed = rows.stream().anyMatch(r -> r.ratio() < BenchSettings.TARGET_RATIO);
        if (missed && settings.failBelowTarget()) {
            System.out.println("BENCHMARK FAILED: below target (-Dbench.failBelowTarget=true)");
            return 2;
        }
        System.out.println("all requests answered HTTP 200" + (missed ? "; target NOT met for some thread counts" : "; target met"));
        return 0;
    }

    /** A schema of its own in the given PostgreSQL database for this run (null stays null: H2). */
    private static String freshSchema(String url) throws java.sql.SQLException {
        if (url == null) {
            return null;
        }
        String schema = "bench_" + nc.common.Ids.resource("").replace("-", "");
        try (var c = java.sql.DriverManager.getConnection(url, System.getProperty("bench.dbUser", "nc"),
                System.getProperty("bench.dbPassword", "nc")); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
