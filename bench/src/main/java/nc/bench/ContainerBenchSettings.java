package nc.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The knobs of the container benchmark, read from system properties ({@code -Dbench.containers.repetitions=...});
 * their own prefix, so that one {@code bench/run.sh} command line can tune both benchmarks.
 */
record ContainerBenchSettings(int warmups, int repetitions, int batchSize, int batchRepetitions, int listedContainers,
        List<Integer> listThreads, int listWarmup, int listRequests, Duration pollEvery, Duration timeCap,
        boolean failBelowTarget) {

    /** (a) create → running of one container: nc may take at most this multiple of docker run -d until Running (issue 8). */
    static final double TARGET_SINGLE = 1.2;
    /** (b) a batch until all run: nc may take at most this multiple of sequential docker run -d. */
    static final double TARGET_BATCH = 1.0;
    /** (c) listing: describeContainers must reach at least this multiple of the engine's GET /containers/json throughput. */
    static final double TARGET_LIST = 5.0;

    static ContainerBenchSettings fromSystemProperties() {
        return new ContainerBenchSettings(
                Integer.getInteger("bench.containers.warmups", 3),
                Integer.getInteger("bench.containers.repetitions", 20),
                Integer.getInteger("bench.containers.batch", 20),
                Integer.getInteger("bench.containers.batchRepetitions", 3),
                Integer.getInteger("bench.containers.listed", 200),
                Arrays.stream(System.getProperty("bench.containers.threads", "4").split(","))
                        .map(String::strip).map(Integer::valueOf).toList(),
                Integer.getInteger("bench.containers.listWarmup", 100),
                Integer.getInteger("bench.containers.listRequests", 1000),
                Duration.ofMillis(Long.getLong("bench.containers.pollMillis", 100)),
                Duration.ofSeconds(Long.getLong("bench.containers.maxSeconds", 480)),
                Boolean.getBoolean("bench.containers.failBelowTarget"));
    }
}
