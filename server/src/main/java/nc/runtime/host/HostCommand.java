package nc.runtime.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nc.runtime.RuntimeFailure;

/**
 * Runs one program of the host (losetup, mkfs, mount, ...) with a time limit: the only place
 * nc starts host processes. A failure names the command and carries what it printed on stderr.
 */
public final class HostCommand {
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(2);
    /** Administration programs live in sbin, which a service's PATH does not always hold. */
    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private HostCommand() {
    }

    /** What a finished command printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout, or a RuntimeFailure naming the command, its exit code and its stderr. */
        public String orThrow() {
            if (!ok()) {
                String err = stderr.strip().isEmpty() ? stdout.strip() : stderr.strip();
                throw new RuntimeFailure(String.join(" ", command) + " exited " + exitCode + ": " + err);
            }
            return stdout;
        }
    }

    /** Runs and returns stdout; RuntimeFailure when it cannot start, exits non-zero or overruns the default limit. */
    public static String run(String... command) {
        return execute(DEFAULT_LIMIT, command).orThrow();
    }

    /** Runs and returns the result whatever the exit code; RuntimeFailure when it cannot start or overruns the limit. */
    public static Result execute(Duration limit, String... command) {
        return executeWithInput(limit, null, command);
    }

    /** {@link #execute(Duration, String...)} with {@code input} written to the program's stdin (null: /dev/null). */
    public static Result executeWithInput(Duration limit, String input, String... command) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, locate(argv.get(0)).map(Path::toString)
                .orElseThrow(() -> new RuntimeFailure(command[0] + " is not installed on this machine")));
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RuntimeFailure(String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (input != null) {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program exited early; its exit code and stderr say why
            }
        }
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RuntimeFailure(String.join(" ", command) + " did not finish within " + limit);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted: " + String.join(" ", command), e);
        }
        return new Result(List.of(command), process.exitValue(), out.join(), err.join());
    }

    /** True when the program is on PATH (or in sbin). */
    public static boolean installed(String program) {
        return locate(program).isPresent();
    }

    private static Optional<Path> locate(String program) {
        if (program.contains("/")) {
            return Optional.of(Path.of(program));
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
