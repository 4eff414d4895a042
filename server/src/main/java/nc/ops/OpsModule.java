package nc.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import nc.api.ApiServer;
import nc.api.Json;
import nc.api.OpenApi;
import nc.api.PlainEndpoint;
import nc.config.Config;
import nc.runtime.ContainerRuntime;
import nc.runtime.host.LoopDisks;
import org.jdbi.v3.core.Jdbi;

/**
 * What operators and their tools read from a running nc, without a signature: {@code /_nc/health}
 * (each dependency, 503 when a required one is down), {@code /_nc/info} (version, regions,
 * features of this host, init hook results), {@code /_nc/openapi.json} (made from the operation
 * table) and {@code /metrics} (Prometheus). Also the access log and the init hooks.
 */
public final class OpsModule implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Config config;
    private final ContainerRuntime runtime;
    private final String installationId;
    private volatile Set<String> services = Set.of();
    private final Health health = new Health();
    private final Metrics metrics;
    private final InitHooks hooks;
    private final Map<String, Boolean> features = new LinkedHashMap<>();
    private volatile byte[] openApi;
    private volatile java.util.List<nc.install.Leftovers.Other> others = java.util.List.of();

    public OpsModule(Config config, Jdbi jdbi, String installationId, ContainerRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
        this.installationId = installationId;
        OpsRepository repository = new OpsRepository(jdbi);
        this.metrics = new Metrics(repository, config.clock());
        this.hooks = new InitHooks(config.dataDir().resolve("init").resolve("ready.d"));
        health.set("database", true, () -> {
            repository.ping();
            return Health.Result.up(config.dbUrl() == null ? "embedded H2" : "PostgreSQL");
        });
        health.set("engine", true, () -> runtime.available() ? Health.Result.up(config.engine().dockerHost())
                : Health.Result.down("the engine at " + config.engine().dockerHost() + " does not answer"));
        features.put("rootVolumeLimit", runtime.limitsRootFs());
        features.put("sharedOutboundNat", config.engine().sharedOutboundNat());
        features.put("nativecontainerScope", config.acceptNativecontainerScope());
    }

    /**
     * What this host gives: cloud disks as loop devices in {@code diskDir} (else engine volumes),
     * and host networking (VPC isolation, security groups, elastic IPs). Each is a feature in
     * {@code /_nc/info} and an optional health check, degraded (with the reason) when missing.
     */
    /**
     * @param networkProblems what keeps this host from building tenant networks (empty: they are built);
     *                        null when the engine runs on another machine
     */
    public OpsModule hostFeatures(boolean loopDisks, java.nio.file.Path diskDir, java.util.List<String> networkProblems) {
        boolean hostNetworking = networkProblems != null && networkProblems.isEmpty();
        String elsewhere = "the engine runs on another machine";
        feature("loopDisks", loopDisks, "diskProvisioning", loopDisks ? "loop devices with real filesystems under " + diskDir
                : "engine volumes without size or filesystem: " + (runtime.sharesHost() ? LoopDisks.unavailableBecause() : elsewhere));
        feature("hostNetworking", hostNetworking, "hostNetworking", hostNetworking
                ? "tenant networks on this host: a network namespace per VPC, security groups in nftables, elastic IPs"
                : "containers get no network: " + (networkProblems != null ? String.join("; ", networkProblems) : elsewhere));
        return this;
    }

    private void feature(String name, boolean up, String check, String detail) {
        features.put(name, up);
        health.set(check, false, () -> up ? Health.Result.up(detail) : Health.Result.degraded(detail));
    }

    /**
     * Objects of other installations found on this host at start: each logged (with how to remove
     * it once that installation is gone) and listed in {@code /_nc/info} as {@code otherInstallations}.
     */
    public void otherInstallations(java.util.List<nc.install.Leftovers.Other> found) {
        this.others = java.util.List.copyOf(found);
        found.forEach(o -> org.slf4j.LoggerFactory.getLogger(OpsModule.class).warn("objects of another nc installation on this host: {}",
                nc.install.Leftovers.describe(o)));
    }

    /** The checks behind {@code /_nc/health}; a part of nc may add or replace its own (for example host networking). */
    public Health health() {
        return health;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The engine as the container worker should use it: image pulls timed. */
    public ContainerRuntime timed(ContainerRuntime runtime) {
        return new TimedRuntime(runtime, metrics);
    }

    /** The datapath as the container worker should use it: failed reconciles counted. */
    public nc.tenantnet.TenantNetwork counted(nc.tenantnet.TenantNetwork datapath) {
        return new CountedTenantNetwork(datapath, metrics);
    }

    /** Adds the endpoints and the request listeners (access log, metrics) to the front door, which answers these services. */
    public void register(ApiServer api, Set<String> services) {
        this.services = new TreeSet<>(services);
        metrics.webSockets(api.webSocketSessions());
        api.listen(new AccessLog(AccessLog.Format.of(System.getenv("NC_LOG_FORMAT")))).listen(metrics)
                .plain(PlainEndpoint.json("/_nc/health", "each dependency with its status; 503 when a required one is down",
                        this::healthAnswer))
                .plain(PlainEndpoint.json("/_nc/info", "version, regions, features of this host, init hook results",
                        () -> PlainEndpoint.Answer.ok(Json.write(info()))))
                .plain(PlainEndpoint.json("/_nc/openapi.json", "this document", () -> PlainEndpoint.Answer.ok(openApi(api))))
                .plain(new PlainEndpoint("/metrics", "Prometheus metrics", PROMETHEUS_TEXT,
                        () -> PlainEndpoint.Answer.ok(metrics.scrape().getBytes(StandardCharsets.UTF_8))));
    }

    /** The server listens on {@code port}: the init hooks run now, in the background. */
    public void ready(int port) {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        hooks.startInBackground(Map.of("NC_ENDPOINT", "http://" + host + ":" + port, "NC_DATA", config.dataDir().toString()));
    }

    private PlainEndpoint.Answer healthAnswer() {
        Health.Report report = health.check();
        ObjectNode body = Json.mapper().createObjectNode().put("status", report.status().wire());
        ObjectNode checks = body.putObject("checks");
        report.checks().forEach((name, entry) -> {
            ObjectNode c = checks.putObject(name).put("status", entry.result().status().wire()).put("required", entry.required());
            if (entry.result().detail() != null) {
                c.put("detail", entry.result().detail());
            }
        });
        return new PlainEndpoint.Answer(report.serving() ? 200 : 503, Json.write(body));
    }

    ObjectNode info() {
        ObjectNode info = Json.mapper().createObjectNode().put("name", "nc").put("version", version())
                .put("installationId", installationId);
        ArrayNode regions = info.putArray("regions");
        config.regions().forEach(regions::add);
        ArrayNode served = info.putArray("services");
        services.forEach(served::add);
        ObjectNode f = info.putObject("features");
        features.forEach(f::put);
        ArrayNode other = info.putArray("otherInstallations");
        others.forEach(o -> {
            ObjectNode entry = other.addObject().put("owner", o.owner()).put("scope", o.scope()).put("cleanUp", o.cleanUp())
                    .put("objectCount", o.objects().size());
            // the first few: a long-running installation beside this one may have hundreds
            o.objects().stream().limit(20).forEach(entry.withArray("objects")::add);
        });
        ObjectNode init = info.putObject("initHooks").put("state", hooks.state());
        init.set("results", Json.mapper().valueToTree(hooks.results()));
        return info;
    }

    private byte[] openApi(ApiServer api) {
        byte[] doc = openApi;
        if (doc == null) {
            doc = Json.write(OpenApi.document(version(), api.operations(), api.plainEndpoints()));
            openApi = doc;
        }
        return doc;
    }

    /** The project version the build wrote into {@code nc/version.properties}. */
    static String version() {
        try (InputStream in = OpsModule.class.getResourceAsStream("/nc/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        health.close();
    }
}
