package nc;

import java.util.concurrent.CountDownLatch;
import nc.account.IssuedKey;
import nc.config.Config;
import nc.config.StartupRefused;

/** {@code java -jar nc-server.jar}: configuration from NC_* environment variables. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        NcServer server;
        try {
            server = NcServer.start(Config.fromEnvironment(System.getenv()));
        } catch (StartupRefused e) {
            System.err.println("nc cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "nc-shutdown"));
        printBanner(server);
        stopped.await();
    }

    private static void printBanner(NcServer server) {
        Config c = server.config();
        String endpoint = c.bindAddress() + ":" + server.port();
        StringBuilder out = new StringBuilder();
        out.append("\nnc is listening on ").append(server.scheme()).append("://").append(endpoint).append("  (GET /_nc/health)\n");
        if (server.operatorPort() != server.port()) {
            String bind = c.security().operatorBind() != null ? c.security().operatorBind() : c.bindAddress();
            out.append("operator API:    ").append(server.scheme()).append("://").append(bind).append(':').append(server.operatorPort())
                    .append("/admin\n");
        }
        out.append("web console:     ").append(server.scheme()).append("://").append(endpoint).append("/console\n");
        out.append("data folder:     ").append(c.dataDir()).append('\n');
        out.append("regions:         ").append(String.join(", ", c.regions())).append('\n');
        IssuedKey created = server.createdDefaultAccount();
        if (created != null) {
            out.append("default account: ").append(created.accountId()).append(" (created now)\n");
            out.append("  accessKey:     ").append(created.accessKey()).append('\n');
            out.append("  secretKey:     ").append(created.secretKey()).append('\n');
        }
        var net = server.createdDefaultNetwork();
        if (net != null) {
            out.append("default network: region ").append(net.region()).append(", az ").append(net.az()).append('\n');
            out.append("  vpcId:           ").append(net.vpcId()).append(" (").append(nc.network.DefaultNetwork.VPC_CIDR).append(")\n");
            out.append("  subnetId:        ").append(net.subnetId()).append(" (").append(nc.network.DefaultNetwork.SUBNET_CIDR).append(")\n");
            out.append("  securityGroupId: ").append(net.securityGroupId()).append('\n');
        }
        out.append("docker engine:   ").append(server.runtime().available() ? "reachable at " : "NOT reachable at ")
                .append(c.engine().dockerHost()).append('\n');
        out.append("defaults:        ").append(c.dataDir().resolve("defaults.json")).append('\n');
        out.append("credentials:     ").append(c.dataDir().resolve("credentials.json")).append('\n');
        out.append("operator token:  ").append(c.dataDir().resolve("admin-token")).append('\n');
        System.out.println(out);
    }
}
