package nc.bench;

import java.util.Arrays;

/** What one measured phase produced: wall time, every request's latency, and the failures. */
record PhaseResult(int requests, long elapsedNanos, long[] latencyNanos, int errors, String firstError) {

    PhaseResult {
        latencyNanos = latencyNanos.clone();
        Arrays.sort(latencyNanos);
    }

    double requestsPerSecond() {
        return requests / (elapsedNanos / 1e9);
    }

    /** Nearest-rank percentile, e.g. 0.99 for p99. */
    double percentileMillis(double fraction) {
        int rank = (int) Math.ceil(fraction * latencyNanos.length);
        return latencyNanos[Math.max(rank, 1) - 1] / 1e6;
    }
}
