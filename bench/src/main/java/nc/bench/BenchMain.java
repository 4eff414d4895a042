package nc.bench;

import java.util.concurrent.Callable;

/** What every benchmark's main does around its run: quiet logs, a readable failure, the exit code. */
final class BenchMain {
    private BenchMain() {
    }

    /** Call first in main, before the first slf4j logger exists: an access-log line per request would measure the console. */
    static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.nc.access", System.getProperty("org.slf4j.simpleLogger.log.nc.access", "warn"));
    }

    /** Runs once and exits with its code; a time-cap overrun or any failure exits 1 with its reason. */
    static void runAndExit(Callable<Integer> once, String whenOverTime) {
        int exitCode;
        try {
            exitCode = once.call();
        } catch (LoadRunner.TimeCapExceeded e) {
            System.out.println();
            System.out.println("BENCHMARK FAILED: " + e.getMessage() + "; " + whenOverTime);
            exitCode = 1;
        } catch (Throwable e) {
            System.out.println();
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            exitCode = 1;
        }
        System.exit(exitCode);
    }
}
