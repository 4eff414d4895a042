package nc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nc.store.MasterKeys;

/**
 * nc servers as separate processes on one fresh PostgreSQL schema, each with its own data folder:
 * replicas as an operator runs them. Closing stops every one started here.
 */
public final class Replicas implements AutoCloseable {
    private final String dbUrl = TestDatabase.POSTGRES.freshUrl();
    private final List<ServerProcess> started = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    /** A fresh master key: Base64 of 32 random bytes. */
    public static String newKey() {
        return MasterKeys.fresh();
    }

    /** The variables every replica shares (the database), plus the given ones. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("NC_DB_URL", dbUrl);
        env.put("NC_DB_USER", TestDatabase.user());
        env.put("NC_DB_PASSWORD", TestDatabase.password());
        env.putAll(extra);
        return env;
    }

    /** The installation id the replicas share (the nc.owner label of their engine objects). */
    public String owner() {
        try (nc.store.Database db = nc.store.Database.open(nc.config.Config.defaults(Path.of("/nonexistent"))
                .withDatabase(dbUrl, TestDatabase.user(), TestDatabase.password()))) {
            return new nc.store.Settings(db.jdbi()).get("service_id").orElseThrow();
        }
    }

    /** A replica not yet started, in a data folder of its own. */
    public ServerProcess replica(Map<String, String> extra) {
        try {
            Path dir = Files.createTempDirectory("nc-replica");
            folders.add(dir);
            ServerProcess process = new ServerProcess(dir.resolve("data"), environment(extra));
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A replica, started. */
    public ServerProcess start(Map<String, String> extra) {
        return replica(extra).start();
    }

    @Override
    public void close() {
        started.forEach(ServerProcess::close);
        for (Path dir : folders) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
