package nc.install;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nc.network.DefaultNetwork;
import nc.runtime.host.LoopDisks;
import nc.tenantnet.kernel.Names;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.Secrets;
import nc.testing.Shell;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * POST /admin/reset on the real engine and kernel: a VPC, a subnet, a running container with an
 * elastic IP and a data disk are all gone afterwards (engine, host network, disk files, database),
 * the old keys are refused, the new ones work, and a new container runs in the new default network.
 */
class ResetTest {
    private static final String REGION = "/v1/regions/cn-north-1";

    @Test
    void resetRemovesEveryObjectOfTheInstallationAndStartsAfresh() throws IOException {
        Engine engine = Engine.get();
        try (TestServer server = TestServer.start()) {
            String owner = server.server().owner();
            Names names = Names.forOwner(owner);
            Containers containers = new Containers(server, engine);
            SignedClient vpcApi = containers.client().service("vpc");
            String vpc = assertSuccess(vpcApi.post(REGION + "/vpcs/", "{\"vpcName\":\"reset\",\"addressPrefix\":\"10.252.0.0/16\","
                    + "\"regionId\":\"cn-north-1\",\"cookies\":[]}")).path("vpcId").asText();
            String subnet = assertSuccess(vpcApi.post(REGION + "/subnets/", "{\"vpcId\":\"" + vpc + "\",\"subnetName\":\"reset\","
                    + "\"addressPrefix\":\"10.252.4.0/24\",\"regionId\":\"cn-north-1\",\"cookies\":[]}")).path("subnetId").asText();
            String group = assertSuccess(vpcApi.post(REGION + "/networkSecurityGroups/", "{\"vpcId\":\"" + vpc
                    + "\",\"networkSecurityGroupName\":\"reset\",\"regionId\":\"cn-north-1\",\"cookies\":[]}"))
                    .path("networkSecurityGroupId").asText();
            String body = containers.body(1, "\"elasticIp\":{\"bandwidthMbps\":10},\"dataVolumes\":[{\"category\":\"cloud\","
                    + "\"mountPath\":\"/data\",\"cloudDiskSpec\":{\"name\":\"data\",\"diskType\":\"ssd\",\"diskSizeGB\":20}}]", "sleep")
                    .replace(containers.network().subnetId(), subnet).replace(containers.network().securityGroupId(), group);
            String id = containers.create(body).get(0);
            JsonNode running = containers.awaitRunning(id);
            String eip = running.path("elasticIpAddress").asText();
            String oldDefaultVpc = containers.network().vpcId();
            assertThat(eip).startsWith("127.100.0.");
            assertThat(server.server().runtime().listByLabel("nc.owner", owner)).as("the engine container").isNotEmpty();
            assertThat(Path.of("/run/netns", names.namespace(vpc))).as("the VPC's router").exists();
            assertThat(hostRoutesTo(eip)).as("the host's route to the elastic IP").isNotEmpty();
            Path images = ((LoopDisks) server.server().diskVolumes()).root().resolve("images");
            assertThat(files(images)).as("the data disk's file").isNotEmpty();

            // the operator's settings, which a reset keeps
            assertSuccess(server.admin().send("PUT", "/admin/instanceTypes/g.reset.kept", "{\"cpu\":1,\"memoryGb\":2}"));
            assertSuccess(server.admin().send("PUT", "/admin/registryPolicy", "{\"allow\":[],\"deny\":[\"203.0.113.0/24\"]}"));
            assertSuccess(server.admin().send("PUT", "/admin/elasticIpPools/cn-north-1", "{\"ranges\":[\"127.100.0.0/24\"]}"));
            String token = server.server().operatorToken();

            ApiResponse reset = server.admin().post("/admin/reset", "{}");
            JsonNode result = assertSuccess(reset);

            assertThat(result.path("removed").toString()).contains("engine container nc-" + id, "netns " + names.namespace(vpc));
            assertThat(server.server().runtime().listByLabel("nc.owner", owner)).as("engine containers of the installation").isEmpty();
            assertThat(server.server().runtime().volumesByLabel("nc.owner", owner)).isEmpty();
            assertThat(Path.of("/run/netns", names.namespace(vpc))).as("the VPC's router").doesNotExist();
            assertThat(Path.of("/run/netns", names.namespace(oldDefaultVpc))).as("the old default VPC's router").doesNotExist();
            List<String> artefacts = server.server().datapath().artefacts();
            String newDefaultVpc = result.path("defaultNetwork").path("vpcId").asText();
            assertThat(artefacts).as("only the new default VPC's router may be made again")
                    .allSatisfy(a -> assertThat(a).doesNotContain(vpc, oldDefaultVpc));
            assertThat(artefacts.stream().filter(a -> a.startsWith("link "))).as("a transit link per remaining VPC at most")
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(hostRoutesTo(eip)).as("the host's route to the elastic IP").isEmpty();
            assertThat(files(images)).as("the data disk's file").isEmpty();

            assertThat(server.server().owner()).as("the installation id").isEqualTo(owner);
            assertThat(server.server().operatorToken()).isEqualTo(token);
            assertThat(server.admin().get("/admin/instanceTypes").body()).contains("g.reset.kept");
            assertThat(server.admin().get("/admin/registryPolicy").body()).contains("203.0.113.0/24", "operator");
            assertThat(server.admin().get("/admin/elasticIpPools").body()).contains("operator");

            // the database holds the new default account, its network, and nothing else of any tenant
            assertThat(server.admin().get("/admin/accounts").json().path("result").path("accounts")).hasSize(1);
            assertThat(server.client().get(REGION + "/secrets").status()).as("the old keys").isEqualTo(401);
            SignedClient fresh = server.client().withKeys(result.path("accessKey").asText(), result.path("secretKey").asText());
            assertThat(result.path("accessKey").asText()).isNotEqualTo(server.defaultKey().accessKey());
            JsonNode credentials = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.dataDir().resolve("credentials.json").toFile());
            assertThat(credentials.path("accessKey").asText()).isEqualTo(result.path("accessKey").asText());
            assertThat(assertSuccess(fresh.get(Containers.BASE)).path("containers")).isEmpty();
            assertThat(assertSuccess(fresh.service("disk").get(REGION + "/disks")).path("disks")).isEmpty();
            assertThat(assertSuccess(fresh.service("vpc").get(REGION + "/elasticIps/")).path("elasticIps")).isEmpty();
            JsonNode vpcs = assertSuccess(fresh.service("vpc").get(REGION + "/vpcs/")).path("vpcs");
            assertThat(vpcs).hasSize(1);
            assertThat(vpcs.get(0).path("vpcId").asText()).isEqualTo(newDefaultVpc);

            JsonNode net = result.path("defaultNetwork");
            DefaultNetwork defaults = new DefaultNetwork(net.path("region").asText(), net.path("az").asText(), newDefaultVpc,
                    net.path("subnetId").asText(), net.path("securityGroupId").asText());
            assertSuccess(fresh.post(REGION + "/secrets", "{\"name\":\"test-registry\",\"secretType\":\"docker-registry\","
                    + "\"data\":{\"server\":\"" + Secrets.b64(engine.registry()) + "\",\"username\":\"" + Secrets.b64(engine.username())
                    + "\",\"password\":\"" + Secrets.b64(engine.password()) + "\"}}"));
            Containers afterReset = new Containers(fresh, engine, defaults, "test-registry");
            String again = afterReset.createOne(null, "sleep");
            assertThat(afterReset.awaitRunning(again).path("privateIpAddress").asText()).startsWith("10.240.0.");
            afterReset.deleteAll();
        }
    }

    /** The host's routes to this address, in every table (a loopback elastic IP's is in the local table). */
    private static List<String> hostRoutesTo(String address) {
        return Shell.run("ip", "route", "show", "table", "all").stdout().lines().filter(l -> l.contains(address + " ")).toList();
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }
}
