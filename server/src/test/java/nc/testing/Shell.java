package nc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command with a time limit and returns what it printed. */
public final class Shell {
    private static final Duration DEFAULT_LIMIT = Duration.ofMinutes(2);

    private Shell() {
    }

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Stdout, or an exception saying what failed. */
        public String orThrow() {
            if (!ok()) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip() + " " + stdout.strip());
            }
            return stdout;
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), Map.of(), null, DEFAULT_LIMIT);
    }

    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration limit) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(command, 127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** True when the command can be found on PATH. */
    public static boolean exists(String program) {
        return run("sh", "-c", "command -v " + program).ok();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
