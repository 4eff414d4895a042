package nc.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's scripts in {@code <data>/init/ready.d}, run once the server is ready, one after
 * the other in name order, each within {@link #TIMEOUT_SECONDS}. A failing hook is reported and
 * logged; it does not stop the server. Results are kept for {@code /_nc/info}.
 */
public final class InitHooks {
    static final int TIMEOUT_SECONDS = 60;
    static final int OUTPUT_CHARS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(InitHooks.class);

    /** One hook's outcome: {@code ok}, {@code failed}, {@code timeout} or {@code skipped} (not executable). */
    public record Result(String name, String status, Integer exitCode, String output, long millis) {
    }

    private final Path dir;
    private volatile Map<String, String> env = Map.of();
    private final List<Result> results = new CopyOnWriteArrayList<>();
    private volatile String state = "pending";

    public InitHooks(Path dir) {
        this.dir = dir;
    }

    /** {@code pending}, {@code running} or {@code done}. */
    public String state() {
        return state;
    }

    public List<Result> results() {
        return List.copyOf(results);
    }

    /** Runs the hooks on a thread of their own, with these variables added to their environment; returns at once. */
    public void startInBackground(Map<String, String> env) {
        this.env = Map.copyOf(env);
        Thread t = new Thread(this::runAll, "nc-init-hooks");
        t.setDaemon(true);
        t.start();
    }

    void runAll() {
        state = "running";
        try {
            for (Path hook : hooks()) {
                Result r = run(hook);
                results.add(r);
                if (!r.status().equals("ok")) {
                    LOG.warn("init hook {}: {} (exit code {}): {}", r.name(), r.status(), r.exitCode(), r.output());
                }
            }
        } finally {
            state = "done";
        }
    }

    private List<Path> hooks() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list init hooks in {}", dir, e);
            return List.of();
        }
    }

    private Result run(Path hook) {
        String name = hook.getFileName().toString();
        if (!Files.isExecutable(hook)) {
            return new Result(name, "skipped", null, "not executable", 0);
        }
        long started = System.nanoTime();
        Path output = null;
        try {
            output = Files.createTempFile("nc-init-hook", ".out");
            ProcessBuilder builder = new ProcessBuilder(hook.toString()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String text = tail(Files.readString(output, StandardCharsets.UTF_8));
            if (!finished) {
                return new Result(name, "timeout", null, text, millis);
            }
            int code = process.exitValue();
            return new Result(name, code == 0 ? "ok" : "failed", code, text, millis);
        } catch (IOException e) {
            LOG.warn("init hook {} could not run", name, e);
            return new Result(name, "failed", null, String.valueOf(e.getMessage()),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(name, "failed", null, "interrupted", 0);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    LOG.debug("cannot remove {}", output, e);
                }
            }
        }
    }

    private static String tail(String text) {
        return text.length() <= OUTPUT_CHARS ? text : text.substring(text.length() - OUTPUT_CHARS);
    }
}
