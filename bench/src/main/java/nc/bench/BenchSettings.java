package nc.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The knobs of one run, read from system properties ({@code -Dbench.requests=...}). */
record BenchSettings(int warmupRequests, int measuredRequests, List<Integer> threadCounts, Duration timeCap,
        boolean failBelowTarget) {

    /** The signed, database-backed call must reach this share of the baseline's throughput. */
    static final double TARGET_RATIO = 0.40;

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.warmup", 2_000),
                Integer.getInteger("bench.requests", 20_000),
                Arrays.stream(System.getProperty("bench.threads", "1,4,16").split(","))
                        .map(String::strip).map(Integer::valueOf).toList(),
                Duration.ofSeconds(Long.getLong("bench.maxSeconds", 150)),
                Boolean.getBoolean("bench.failBelowTarget"));
    }
}
