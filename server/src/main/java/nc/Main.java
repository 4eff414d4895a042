package nc;

import java.util.concurrent.CountDownLatch;
import nc.account.IssuedKey;
import nc.config.Config;

/** {@code java -jar nc-server.jar}: configuration from NC_* environment variables. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Config config = Config.fromEnvironment(System.getenv());
        NcServer server = NcServer.start(config);
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
        out.append("\nnc is listening on http://").append(endpoint).append("  (GET /health)\n");
        out.append("data folder:     ").append(c.dataDir()).append('\n');
        out.append("regions:         ").append(String.join(", ", c.regions())).append('\n');
        IssuedKey created = server.createdDefaultAccount();
        if (created != null) {
            out.append("default account: ").append(created.accountId()).append(" (created now)\n");
            out.append("  accessKey:     ").append(created.accessKey()).append('\n');
            out.append("  secretKey:     ").append(created.secretKey()).append('\n');
        }
        out.append("credentials:     ").append(c.dataDir().resolve("credentials.json")).append('\n');
        out.append("operator token:  ").append(c.dataDir().resolve("admin-token")).append('\n');
        System.out.println(out);
    }
}
