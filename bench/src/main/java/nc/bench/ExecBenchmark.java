package nc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Engine;
import nc.testing.SignedClient;
import nc.testing.StreamClient;
import nc.testing.TestServer;

/**
 * Exec latency (issue 9): from execCreate until the first output byte of {@code echo} arrives over
 * nc's signed WebSocket, against {@code docker exec} of the same command in the same container
 * until its first stdout byte, alternating, in one run. Target: nc's median at most 1.5 × the peer's.
 */
public final class ExecBenchmark {
    static final double TARGET = 1.5;

    private ExecBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.quietLogs();
        int warmups = Integer.getInteger("bench.exec.warmups", 5);
        int repetitions = Integer.getInteger("bench.exec.repetitions", 30);
        boolean failBelowTarget = Boolean.getBoolean("bench.exec.failBelowTarget");
        BenchMain.runAndExit(() -> run(warmups, repetitions, failBelowTarget), "lower -Dbench.exec.repetitions");
    }

    private static int run(int warmups, int repetitions, boolean failBelowTarget) throws Exception {
        Engine engine = Engine.get();
        try (TestServer server = TestServer.start()) {
            Containers containers = new Containers(server, engine);
            String id = containers.createOne("", "sleep");
            containers.awaitRunning(id);
            try {
                SignedClient client = containers.client().service("nativecontainer");
                long[] nc = new long[repetitions];
                long[] docker = new long[repetitions];
                for (int i = -warmups; i < repetitions; i++) {
                    long viaNc = throughNc(client, id);
                    long viaDocker = throughDocker("nc-" + id);
                    if (i >= 0) {
                        nc[i] = viaNc;
                        docker[i] = viaDocker;
                    }
                }
                double ncMedian = median(nc);
                double dockerMedian = median(docker);
                double ratio = ncMedian / dockerMedian;
                System.out.printf("exec → first output byte of echo, %d runs each (after %d warm-ups), alternating%n",
                        repetitions, warmups);
                System.out.printf("  nc (execCreate + signed WebSocket execStart)  median %7.1f ms  p90 %7.1f ms%n",
                        ncMedian / 1e6, percentile(nc, 0.9) / 1e6);
                System.out.printf("  docker exec (CLI, same container)            median %7.1f ms  p90 %7.1f ms%n",
                        dockerMedian / 1e6, percentile(docker, 0.9) / 1e6);
                boolean met = ratio <= TARGET;
                System.out.printf("  nc/docker %.2fx (target <= %.1fx): %s%n", ratio, TARGET, met ? "met" : "NOT MET");
                return !met && failBelowTarget ? 2 : 0;
            } finally {
                containers.delete(id);
                containers.awaitStatus(id, "gone", Duration.ofSeconds(60));
            }
        }
    }

    private static long throughNc(SignedClient client, String id) {
        String base = Containers.BASE + "/" + id;
        long started = System.nanoTime();
        ApiResponse created = client.post(base + ":execCreate", "{\"command\":[\"echo\",\"hi\"]}");
        if (created.status() != 200) {
            throw new IllegalStateException("execCreate: " + created);
        }
        String execId = created.result().path("execId").asText();
        try (StreamClient session = StreamClient.open(client, base + ":execStart", Map.of("execId", execId))) {
            StreamClient.Message first = session.next(Duration.ofSeconds(30));
            long elapsed = System.nanoTime() - started;
            if (first.isClose() || !first.json().path("output").asText().startsWith("h")) {
                throw new IllegalStateException("unexpected first message " + first);
            }
            session.untilClose(Duration.ofSeconds(30));
            return elapsed;
        }
    }

    private static long throughDocker(String engineName) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process p = new ProcessBuilder("docker", "exec", engineName, "echo", "hi").redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            int first = out.read();
            long elapsed = System.nanoTime() - started;
            if (first != 'h') {
                throw new IllegalStateException("docker exec printed " + (char) first + new String(out.readAllBytes()));
            }
            out.readAllBytes();
            p.waitFor();
            return elapsed;
        }
    }

    private static double median(long[] samples) {
        return percentile(samples, 0.5);
    }

    /** Nearest rank. */
    private static double percentile(long[] samples, double p) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
