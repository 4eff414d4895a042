package nc.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.NcServer;
import nc.config.Config;
import nc.config.StartupRefused;
import nc.runtime.ContainerRuntime;
import nc.runtime.DiskVolumes;
import nc.runtime.EngineVolumes;
import nc.runtime.docker.DockerRuntime;
import nc.runtime.host.LoopDisks;
import nc.tenantnet.NoDatapath;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.tenantnet.kernel.Names;

/**
 * {@code ./ncctl reset | uninstall | remove-installation ID}, with the NC_* environment of {@code make run}.
 *
 * <ul>
 * <li>reset: asks the running nc ({@code POST /admin/reset} with the data folder's operator token), or,
 *     when none answers, does the same on the data folder itself; prints the new keys.</li>
 * <li>uninstall: nc must be stopped; removes every object of the data folder's installation from
 *     the engine and the host, then its disk folder and data folder; says what it leaves.</li>
 * <li>remove-installation ID: the engine and host objects of another installation (an owner id as
 *     {@code /_nc/info} lists under otherInstallations, or the scope of its host objects).</li>
 * </ul>
 */
public final class InstallationCommand {
    /** What nc's set-up (scripts/docker-engine.sh, scripts/tools.sh) installs when missing; uninstall leaves them. */
    static final List<String> SETUP_PACKAGES = List.of("docker.io", "iproute2", "xfsprogs", "nftables", "conntrack", "iptables",
            "util-linux", "procps", "openjdk-17-jdk-headless", "maven");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final Map<String, String> env;
    private final PrintStream out;

    InstallationCommand(Config config, Map<String, String> env, PrintStream out) {
        this.config = config;
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ncctl reset | uninstall | remove-installation OWNER-ID-OR-SCOPE");
            System.exit(2);
        }
        try {
            InstallationCommand command = new InstallationCommand(Config.fromEnvironment(System.getenv()), System.getenv(), System.out);
            int status = switch (args[0]) {
                case "reset" -> command.reset();
                case "uninstall" -> command.uninstall();
                case "remove-installation" -> args.length == 2 ? command.removeOther(args[1]) : usage();
                default -> usage();
            };
            System.exit(status);
        } catch (StartupRefused e) {
            System.err.println("ncctl: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int usage() {
        System.err.println("usage: ncctl reset | uninstall | remove-installation OWNER-ID-OR-SCOPE");
        return 2;
    }

    /** The address where this data folder's nc would answer its operator API. */
    URI operatorEndpoint() {
        String port = env.getOrDefault("NC_ADMIN_PORT", env.getOrDefault("NC_PORT", Integer.toString(config.port())));
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        return URI.create(env.getOrDefault("NC_ADMIN_ENDPOINT", "http://" + host + ":" + port));
    }

    /** True when something answers HTTP at the operator endpoint. */
    boolean serverAnswers() {
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(operatorEndpoint().resolve("/_nc/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int reset() {
        if (serverAnswers()) {
            return resetOnline();
        }
        out.println("no nc answers at " + operatorEndpoint() + ": resetting the data folder " + config.dataDir() + " directly");
        try (NcServer server = NcServer.offline(config)) {
            print(server.reset());
        }
        return 0;
    }

    private int resetOnline() {
        Path tokenFile = config.dataDir().resolve("admin-token");
        if (!Files.exists(tokenFile)) {
            System.err.println("an nc answers at " + operatorEndpoint() + " but " + tokenFile + " does not exist: is NC_DATA its data folder?");
            return 1;
        }
        try {
            String token = Files.readString(tokenFile).strip();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(operatorEndpoint().resolve("/admin/reset"))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("the nc at " + operatorEndpoint() + " refused the reset (HTTP " + response.statusCode() + "): "
                        + response.body());
                return 1;
            }
            JsonNode result = JSON.readTree(response.body()).path("result");
            out.println("reset by the nc at " + operatorEndpoint());
            List<String> removed = new ArrayList<>();
            result.path("removed").forEach(r -> removed.add(r.asText()));
            JsonNode net = result.path("defaultNetwork");
            print(removed, result.path("tenantRowsDeleted").asInt(), result.path("accountId").asText(), result.path("accessKey").asText(),
                    result.path("secretKey").asText(), net.path("vpcId").asText(), net.path("subnetId").asText(),
                    net.path("securityGroupId").asText(), result.path("credentials").asText());
            return 0;
        } catch (IOException e) {
            System.err.println("reset through " + operatorEndpoint() + " failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void print(ResetResult r) {
        print(r.removed(), r.tenantRows(), r.account().accountId(), r.account().accessKey(), r.account().secretKey(), r.network().vpcId(),
                r.network().subnetId(), r.network().securityGroupId(), r.credentials().toString());
    }

    private void print(List<String> removed, int rows, String accountId, String accessKey, String secretKey, String vpcId,
            String subnetId, String groupId, String credentials) {
        out.println("removed " + rows + " tenant rows from the database and " + removed.size() + " objects from the engine and host:");
        removed.forEach(r -> out.println("  " + r));
        out.println("default account: " + accountId + " (new)");
        out.println("  accessKey:     " + accessKey);
        out.println("  secretKey:     " + secretKey);
        out.println("default network: vpcId " + vpcId + ", subnetId " + subnetId + ", securityGroupId " + groupId);
        out.println("credentials:     " + credentials);
    }

    int uninstall() {
        if (serverAnswers()) {
            System.err.println("an nc answers at " + operatorEndpoint() + ": stop it first (Ctrl-C where `make run` runs), then uninstall");
            return 1;
        }
        Path data = config.dataDir();
        boolean external = config.dbUrl() != null && !config.dbUrl().isBlank();
        if (!Files.isDirectory(data) && !external) {
            out.println("no installation in " + data + " (NC_DATA): nothing of it to remove");
        } else {
            String owner;
            List<String> removed;
            try (NcServer server = NcServer.offline(config)) {
                owner = server.owner();
                removed = server.footprint().remove();
                if (external) {
                    int rows = server.emptyTenantData();
                    out.println("emptied the tenant tables of " + config.dbUrl() + " (" + rows + " rows); its schema stays (drop the database to"
                            + " remove it)");
                }
            }
            Path disks = config.diskDir().resolve(owner);
            Footprint.deleteTree(disks);
            Footprint.deleteTree(data);
            deleteIfEmpty(config.diskDir());
            out.println("removed installation " + owner + ": " + removed.size() + " objects from the engine and host:");
            removed.forEach(r -> out.println("  " + r));
            out.println("  disk folder " + disks);
            out.println("  data folder " + data);
        }
        List<String> installed = installedSetupPackages();
        out.println("left in place: the Debian packages nc's set-up installs when missing"
                + (installed.isEmpty() ? " (none installed here)" : ", installed here: " + String.join(" ", installed))
                + " (other software may need them; `apt-get remove` what you do not), the images nc pulled (`docker image ls`),"
                + " the build output server/target and Maven's cache ~/.m2");
        return 0;
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // not empty: another installation's disks, or the user's files
        }
    }

    /** Which of {@link #SETUP_PACKAGES} dpkg has installed. */
    static List<String> installedSetupPackages() {
        List<String> out = new ArrayList<>();
        for (String pkg : SETUP_PACKAGES) {
            var result = nc.runtime.host.HostCommand.execute(Duration.ofSeconds(10), "dpkg-query", "-W", "-f=${Status}", pkg);
            if (result.ok() && result.stdout().contains("install ok installed")) {
                out.add(pkg);
            }
        }
        return out;
    }

    int removeOther(String id) {
        boolean scopeOnly = id.matches("[0-9a-f]{6}");
        if (!scopeOnly && !id.matches("nc-[a-z0-9]{4,40}")) {
            System.err.println("not an installation id (nc-...) nor a host scope (6 hex digits): " + id);
            return 2;
        }
        try (ContainerRuntime runtime = new DockerRuntime(URI.create(config.engine().dockerHost()))) {
            List<String> removed;
            if (scopeOnly) {
                TenantNetwork datapath = new KernelTenantNetwork(new Names(id));
                removed = datapath.artefacts();
                datapath.removeAll();
            } else {
                Path disks = config.diskDir().resolve(id);
                DiskVolumes volumes = Files.isDirectory(disks) ? new LoopDisks(disks) : new EngineVolumes(runtime, Footprint.OWNER_LABEL, id);
                TenantNetwork datapath = runtime.sharesHost() && KernelTenantNetwork.forOwner(id).problems().isEmpty()
                        ? KernelTenantNetwork.forOwner(id) : new NoDatapath();
                removed = new ArrayList<>(new Footprint(runtime, id, datapath, volumes).remove());
                if (Files.isDirectory(disks)) {
                    Footprint.deleteTree(disks);
                    removed.add("disk folder " + disks);
                }
            }
            out.println("removed " + removed.size() + " objects of installation " + id + ":");
            removed.forEach(r -> out.println("  " + r));
            return 0;
        } catch (IOException e) {
            System.err.println("cannot close the engine client: " + e);
            return 1;
        }
    }
}
