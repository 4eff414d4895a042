package nc.install;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nc.network.DefaultNetwork;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Secrets;
import nc.testing.ServerProcess;
import nc.testing.Shell;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The ncctl script on an installation started as its own process, as `make run` does, from a
 * temporary data folder: reset while it runs (the operator call), reset while it is stopped (on
 * the data folder), then uninstall, after which nothing of it is left in the engine, on the host
 * or on disk.
 */
class UninstallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NCCTL = Path.of("..", "ncctl").toAbsolutePath().normalize();

    @Test
    void resetRunningAndStoppedThenUninstallLeavesNothingOfTheInstallation() throws Exception {
        Engine engine = Engine.get();
        Path root = Files.createTempDirectory("nc-uninstall");
        Path data = root.resolve("data");
        Map<String, String> cleanUp = new java.util.HashMap<>();
        try (ServerProcess nc = new ServerProcess(data)) {
            nc.start();
            String owner = info(nc).path("installationId").asText();
            KernelTenantNetwork hostNetwork = KernelTenantNetwork.forOwner(owner);
            Map<String, String> env = Map.of("NC_DATA", data.toString(), "NC_DISK_DIR", data.resolve("disks").toString(),
                    "NC_PORT", nc.endpoint().substring(nc.endpoint().lastIndexOf(':') + 1),
                    "NC_CLASSPATH", System.getProperty("java.class.path"));
            cleanUp.putAll(env);

            String first = runContainer(nc, engine);
            String oldKey = nc.file("credentials.json").path("accessKey").asText();
            Shell.Result online = ncctl(env, "reset");
            assertThat(online.exitCode()).as(online.toString()).isZero();
            String newKey = nc.file("credentials.json").path("accessKey").asText();
            assertThat(newKey).isNotEqualTo(oldKey);
            assertThat(online.stdout()).contains("reset by the nc at", "accessKey:     " + newKey, "engine container nc-" + first);
            assertThat(Engine.exists("container", "nc-" + first)).isFalse();
            assertThat(nc.client().get(Containers.BASE).status()).isEqualTo(200);

            String second = runContainer(nc, engine);
            nc.stop();
            assertThat(Engine.exists("container", "nc-" + second)).as("a stopped nc leaves its containers running").isTrue();
            Shell.Result offline = ncctl(env, "reset");
            assertThat(offline.exitCode()).as(offline.toString()).isZero();
            String offlineKey = nc.file("credentials.json").path("accessKey").asText();
            assertThat(offline.stdout()).contains("no nc answers", "accessKey:     " + offlineKey, "engine container nc-" + second);
            assertThat(offlineKey).isNotEqualTo(newKey);
            assertThat(Engine.exists("container", "nc-" + second)).isFalse();

            nc.start();
            String third = runContainer(nc, engine);
            Shell.Result refused = ncctl(env, "uninstall");
            assertThat(refused.exitCode()).as("uninstall while nc runs").isEqualTo(1);
            assertThat(refused.stderr()).contains("stop it first");
            nc.stop();
            assertThat(hostNetwork.artefacts()).as("the VPC's router before uninstall").isNotEmpty();

            Shell.Result uninstalled = ncctl(env, "uninstall");
            System.out.println(online.stdout() + offline.stdout() + uninstalled.stdout());
            assertThat(uninstalled.exitCode()).as(uninstalled.toString()).isZero();
            assertThat(uninstalled.stdout()).contains("removed installation " + owner, "engine container nc-" + third,
                    "data folder " + data, "left in place", "docker.io");
            assertThat(Engine.docker("ps", "-aq", "--filter", "label=nc.owner=" + owner)).as("engine containers of the installation").isBlank();
            assertThat(Engine.docker("volume", "ls", "-q", "--filter", "label=nc.owner=" + owner)).isBlank();
            assertThat(hostNetwork.artefacts()).as("namespaces, links and tables of the installation").isEmpty();
            assertThat(data).as("the data folder").doesNotExist();
            assertThat(Shell.run("losetup", "-a").stdout()).as("loop devices of its disks").doesNotContain(data.toString());
            assertThat(Shell.run("dpkg-query", "-W", "-f=${Status}", "docker.io").stdout()).as("packages stay")
                    .contains("install ok installed");
        } finally {
            if (Files.exists(data) && !cleanUp.isEmpty()) {
                ncctl(cleanUp, "uninstall");
            }
            Shell.run("rm", "-rf", root.toString());
        }
    }

    @Test
    void withAnExternalDatabaseUninstallEmptiesTheTenantTablesAndLeavesTheSchema() throws Exception {
        String url = TestDatabase.POSTGRES.freshUrl();
        Path root = Files.createTempDirectory("nc-uninstall-pg");
        Path data = root.resolve("data");
        Map<String, String> db = Map.of("NC_DB_URL", url, "NC_DB_USER", TestDatabase.user(),
                "NC_DB_PASSWORD", TestDatabase.password());
        try (ServerProcess nc = new ServerProcess(data, db)) {
            nc.start();
            assertSuccess(nc.client().post("/v1/regions/cn-north-1/secrets", "{\"name\":\"kept-nowhere\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"" + Secrets.b64("registry.example.com") + "\",\"username\":\"" + Secrets.b64("u")
                    + "\",\"password\":\"" + Secrets.b64("p") + "\"}}"));
            nc.stop();
            Map<String, String> env = new java.util.HashMap<>(db);
            env.putAll(Map.of("NC_DATA", data.toString(), "NC_DISK_DIR", data.resolve("disks").toString(),
                    "NC_PORT", nc.endpoint().substring(nc.endpoint().lastIndexOf(':') + 1),
                    "NC_CLASSPATH", System.getProperty("java.class.path")));
            Shell.Result uninstalled = ncctl(env, "uninstall");
            assertThat(uninstalled.exitCode()).as(uninstalled.toString()).isZero();
            assertThat(uninstalled.stdout()).contains("emptied the tenant tables", "its schema stays");
            assertThat(data).doesNotExist();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, TestDatabase.user(),
                    TestDatabase.password()); java.sql.Statement s = c.createStatement()) {
                for (String table : TenantRepository.TABLES) {
                    try (java.sql.ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rows.next();
                        assertThat(rows.getLong(1)).as(table).isZero();
                    }
                }
                try (java.sql.ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM instance_types")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("the schema and the operator's tables stay").isPositive();
                }
            }
        } finally {
            Shell.run("rm", "-rf", root.toString());
        }
    }

    /** A container with a data disk in the default network, running; its id. */
    private static String runContainer(ServerProcess nc, Engine engine) throws IOException {
        SignedClient client = nc.client();
        JsonNode d = nc.file("defaults.json");
        DefaultNetwork network = new DefaultNetwork(d.path("region").asText(), d.path("az").asText(), d.path("vpcId").asText(),
                d.path("subnetId").asText(), d.path("securityGroupId").asText());
        if (client.get("/v1/regions/cn-north-1/secrets/test-registry").status() == 404) {
            assertSuccess(client.post("/v1/regions/cn-north-1/secrets", "{\"name\":\"test-registry\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"" + Secrets.b64(engine.registry()) + "\",\"username\":\"" + Secrets.b64(engine.username())
                    + "\",\"password\":\"" + Secrets.b64(engine.password()) + "\"}}"));
        }
        Containers containers = new Containers(client, engine, network, "test-registry");
        String body = containers.body(1, "\"dataVolumes\":[{\"category\":\"cloud\",\"mountPath\":\"/data\","
                + "\"cloudDiskSpec\":{\"name\":\"data\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep");
        // 503 while nc's last look found the engine busy (a shared, loaded test machine): try again, as clients do
        nc.testing.ApiResponse created = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).until(() -> client.post(Containers.BASE, body), r -> r.status() != 503);
        String id = assertSuccess(created).path("containerIds").get(0).asText();
        containers.awaitRunning(id);
        return id;
    }

    private static JsonNode info(ServerProcess nc) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(nc.endpoint() + "/_nc/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static Shell.Result ncctl(Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", NCCTL.toString()));
        command.addAll(List.of(args));
        return Shell.run(command, env, null, Duration.ofMinutes(3));
    }
}
