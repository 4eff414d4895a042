package nc.runtime.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a starting container's first process while the engine still starts it. The engine's
 * runtime (runc) makes the container's init process, in its own network and PID namespaces, well
 * before the engine's start call returns (about 160 ms into a 550 ms start on the test machine,
 * docs/tenant-networks.md); its network can be plugged in that time, before the main process runs.
 *
 * <p>The process is looked for in the container's cgroup (the engine's cgroupfs or systemd layout,
 * v1 or v2) and taken only when it is process 1 of its own PID namespace and its network namespace
 * is neither this process's nor the host's. A bootstrap process of the runtime, still in the host's
 * namespaces, is never taken. When nothing qualifies before the start returns, nothing is reported.
 */
final class NamespaceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatch.class);
    private static final long POLL_MS = 4;
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    private final ExecutorService watchers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nc-engine-start-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code start} (the engine's start call) while watching for the container's namespace;
     * {@code namespaceReady} gets its first process's pid, on the watching thread, and has returned
     * before this does.
     */
    void startWatching(String fullId, Runnable start, LongConsumer namespaceReady) {
        AtomicBoolean started = new AtomicBoolean();
        Future<?> watch = watchers.submit(() -> {
            try {
                watch(fullId, started, namespaceReady);
            } catch (RuntimeException e) {
                LOG.debug("watching a container's start failed: {}", e.toString());
            }
        });
        try {
            start.run();
        } finally {
            started.set(true);
            try {
                watch.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // logged by the watcher
            }
        }
    }

    private static void watch(String id, AtomicBoolean started, LongConsumer namespaceReady) {
        List<Path> procs = List.of(
                CGROUPS.resolve("pids/docker/" + id + "/cgroup.procs"),
                CGROUPS.resolve("pids/system.slice/docker-" + id + ".scope/cgroup.procs"),
                CGROUPS.resolve("docker/" + id + "/cgroup.procs"),
                CGROUPS.resolve("system.slice/docker-" + id + ".scope/cgroup.procs"));
        Optional<String> hostNet = netOf("self");
        Optional<String> initNet = netOf("1");
        while (!started.get()) {
            for (Path p : procs) {
                if (!Files.isReadable(p)) {
                    continue;
                }
                for (String pid : lines(p)) {
                    Optional<String> net = netOf(pid);
                    if (net.isPresent() && !net.equals(hostNet) && !net.equals(initNet) && firstOfItsPidNamespace(pid)) {
                        LOG.debug("the network namespace of {} exists (pid {})", id, pid);
                        namespaceReady.accept(Long.parseLong(pid));
                        return;
                    }
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException | RuntimeException absent) {
            return List.of();
        }
    }

    private static Optional<String> netOf(String pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net")).toString());
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Its {@code NSpid} line ends in 1 after at least one outer pid: the init of a PID namespace of its own. */
    private static boolean firstOfItsPidNamespace(String pid) {
        for (String line : lines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("NSpid:")) {
                String[] ids = line.substring("NSpid:".length()).strip().split("\\s+");
                return ids.length >= 2 && ids[ids.length - 1].equals("1");
            }
        }
        return false;
    }

    void close() {
        watchers.shutdownNow();
    }
}
