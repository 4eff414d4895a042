package nc.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker Engine for integration tests, prepared once per JVM: dockerd running (started
 * when it is not), a private registry with password authentication on a loopback port, and a
 * small test image built from the host's busybox and pushed there. Nothing comes from Docker Hub.
 *
 * <p>Without docker installed the tests are skipped, unless NC_REQUIRE_DOCKER=1 (make test, CI)
 * turns that into a failure. scripts/test-docker.sh installs and starts what is needed.
 *
 * <p>The image's main process is {@code /bin/nc-test-app} (src/test/resources/nc/testing/engine):
 * it prints "tick n" lines and understands {@code interval-ms=}, {@code exit-after=},
 * {@code exit-code=}, {@code stderr}, {@code env}, {@code hostname}, {@code pwd} and {@code sleep}.
 */
public final class Engine {
    public static final URI DOCKER_HOST = URI.create("unix:///var/run/docker.sock");
    public static final String USERNAME = "nc-test";
    /** The locally built image; the registry copy is {@link #image()}. */
    private static final String LOCAL_IMAGE = "nc-test/app:1";
    private static final String WORK_DIR_PREFIX = "nc-engine-";
    private static final String OWNER_PID = "owner.pid";
    private static final String REGISTRY_PID = "registry.pid";
    private static final String IMAGE_TAG = "image.tag";
    private static final Duration DOCKERD_START = Duration.ofSeconds(60);
    private static final Duration REGISTRY_START = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Engine instance;
    private static RuntimeException failure;
    private static String skipReason;

    private final Path workDir;
    private final String password;
    private final String registry;
    private final String image;
    private final Duration readyIn;
    private Process registryProcess;

    private Engine(Path workDir, String password, String registry, Process registryProcess, long startedNanos) {
        this.workDir = workDir;
        this.password = password;
        this.registry = registry;
        this.registryProcess = registryProcess;
        this.image = registry + "/nc-test/app:1";
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, "nc-test-engine-shutdown"));
        buildAndPush();
        this.readyIn = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The prepared engine; skips the calling test when docker is not installed (see class comment). */
    public static synchronized Engine get() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw failure;
        }
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
        long started = System.nanoTime();
        try {
            String missing = whyUnavailable();
            if (missing != null) {
                if ("1".equals(System.getenv("NC_REQUIRE_DOCKER"))) {
                    throw new IllegalStateException("NC_REQUIRE_DOCKER=1 but " + missing);
                }
                skipReason = "Docker Engine not available: " + missing + " (run scripts/test-docker.sh)";
                Assumptions.abort(skipReason);
            }
            ensureDockerd();
            removeStaleNetworks();
            sweepOrphans();
            Path dir = Files.createTempDirectory(WORK_DIR_PREFIX);
            Files.writeString(dir.resolve(OWNER_PID), Long.toString(ProcessHandle.current().pid()));
            String password = randomPassword();
            Files.writeString(dir.resolve("htpasswd"), Shell.run(List.of("htpasswd", "-iBn", USERNAME), Map.of(), password, Duration.ofSeconds(30)).orThrow());
            RegistryStart reg = startRegistry(dir);
            instance = new Engine(dir, password, reg.address(), reg.process(), started);
            System.err.println("[nc.testing.Engine] engine, registry " + reg.address() + " and test image ready in " + instance.readyIn.toMillis() + " ms");
            return instance;
        } catch (IOException e) {
            failure = new UncheckedIOException(e);
            throw failure;
        } catch (RuntimeException e) {
            if (!(e instanceof org.opentest4j.TestAbortedException)) {
                failure = e;
            }
            throw e;
        }
    }

    /** "registry:port" of the private registry, e.g. 127.0.0.1:41234. */
    public String registry() {
        return registry;
    }

    /** The test image in the private registry (pushed, also present locally). */
    public String image() {
        return image;
    }

    /**
     * The test image pushed again under another tag of the private registry, then untagged here,
     * so that using it needs a pull with the registry's credentials. Returns its full name.
     */
    public String pushTag(String tag) {
        String tagged = registry + "/nc-test/app:" + tag;
        docker("tag", LOCAL_IMAGE, tagged);
        Map<String, String> client = Map.of("DOCKER_CONFIG", workDir.resolve("docker-client").toString());
        Shell.run(List.of("docker", "push", "-q", tagged), client, null, Duration.ofMinutes(2)).orThrow();
        docker("rmi", tagged);
        return tagged;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return password;
    }

    public Duration readyIn() {
        return readyIn;
    }

    /** Runs the docker CLI; returns stdout or throws with stderr. */
    public static String docker(String... args) {
        return Shell.run(Stream.concat(Stream.of("docker"), Arrays.stream(args)).toList(), Map.of(), null, Duration.ofMinutes(2)).orThrow();
    }

    /** {@code docker <kind> inspect <name>}: kind is container, network, volume or image. */
    public static JsonNode inspect(String kind, String name) {
        try {
            return JSON.readTree(docker(kind, "inspect", name)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code docker <kind> inspect <name>} finds it. */
    public static boolean exists(String kind, String name) {
        return Shell.run("docker", kind, "inspect", name).ok();
    }

    /** Removes every container, network and volume carrying the label (tests' cleanup). */
    public static void removeLabelled(String key, String value) {
        String filter = "label=" + key + "=" + value;
        List<String> containers = lines(docker("ps", "-aq", "--filter", filter));
        if (!containers.isEmpty()) {
            docker(Stream.concat(Stream.of("rm", "-fv"), containers.stream()).toArray(String[]::new));
        }
        List<String> networks = lines(docker("network", "ls", "-q", "--filter", filter));
        if (!networks.isEmpty()) {
            docker(Stream.concat(Stream.of("network", "rm"), networks.stream()).toArray(String[]::new));
        }
        List<String> volumes = lines(docker("volume", "ls", "-q", "--filter", filter));
        if (!volumes.isEmpty()) {
            docker(Stream.concat(Stream.of("volume", "rm", "-f"), volumes.stream()).toArray(String[]::new));
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String whyUnavailable() {
        for (String tool : List.of("docker", "docker-registry", "htpasswd")) {
            if (!Shell.exists(tool)) {
                return tool + " is not installed";
            }
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return "/bin/busybox (busybox-static) is not installed";
        }
        if (Shell.run("docker", "info").ok()) {
            return null;
        }
        if (!Shell.exists("dockerd")) {
            return "dockerd is not installed";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "dockerd is not running and only root may start it";
        }
        return null;
    }

    /**
     * Networks an earlier, killed test run left behind would collide with the default subnet of
     * this run's servers; a network with no container attached is rebuilt on demand by nc anyway.
     */
    private static void removeStaleNetworks() {
        for (String name : lines(docker("network", "ls", "--filter", "label=nc.owner", "--format", "{{.Name}}"))) {
            Shell.run("docker", "network", "rm", name);
        }
    }

    private static final Path DOCKERD_PID_FILE = Path.of("/var/run/docker.pid");

    /** Stops dockerd (its containers stop with it) and starts it again, as an operator's restart would. */
    public static synchronized void restartDaemon() {
        // by the pid the daemon wrote itself, never by name (another process may be called dockerd)
        long pid;
        try {
            pid = Long.parseLong(Files.readString(DOCKERD_PID_FILE).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read dockerd's pid from " + DOCKERD_PID_FILE, e);
        }
        ProcessHandle dockerd = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("dockerd (pid " + pid + ") is not running"));
        dockerd.destroy();
        await("dockerd stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> !dockerd.isAlive());
        try {
            ensureDockerd();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureDockerd() throws IOException {
        if (Shell.run("docker", "info").ok()) {
            return;
        }
        // outlives this JVM on purpose (setsid: not in the test's process group, which Maven may kill):
        // the engine is the machine's, not the test's
        new ProcessBuilder("setsid", "dockerd")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/tmp/dockerd.log").toFile()))
                .start();
        await("dockerd answers (see /tmp/dockerd.log)").atMost(DOCKERD_START).pollInterval(Duration.ofMillis(250))
                .until(() -> Shell.run("docker", "info").ok());
    }

    private record RegistryStart(String address, Process process) {
    }

    /** A free port can be taken before the registry binds it: then try another. */
    private static RegistryStart startRegistry(Path dir) throws IOException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            String address = "127.0.0.1:" + freePort();
            Path config = dir.resolve("registry.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: %s
                      secret: %s
                    auth:
                      htpasswd:
                        realm: nc-test
                        path: %s
                    """.formatted(dir.resolve("storage"), address, randomPassword(), dir.resolve("htpasswd")));
            Path log = dir.resolve("registry.log");
            Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                await("registry answers on " + address).atMost(REGISTRY_START).pollInterval(Duration.ofMillis(100))
                        .until(() -> !process.isAlive() || answersUnauthorized(address));
            } catch (RuntimeException timeout) {
                process.destroyForcibly();
                throw timeout;
            }
            if (process.isAlive()) {
                Files.writeString(dir.resolve(REGISTRY_PID), Long.toString(process.pid()));
                return new RegistryStart(address, process);
            }
            last = new IllegalStateException("docker-registry exited: " + Files.readString(log));
        }
        throw last;
    }

    private static boolean answersUnauthorized(String address) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void buildAndPush() {
        try {
            Path context = Files.createDirectories(workDir.resolve("image"));
            Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            for (String file : List.of("Dockerfile", "nc-test-app")) {
                try (InputStream in = Engine.class.getResourceAsStream("/nc/testing/engine/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource nc/testing/engine/" + file + " missing");
                    }
                    Files.copy(in, context.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            context.resolve("nc-test-app").toFile().setExecutable(true, false);
            Shell.run(List.of("docker", "build", "-q", "-t", LOCAL_IMAGE, context.toString()), Map.of("DOCKER_BUILDKIT", "0"), null, Duration.ofMinutes(2)).orThrow();
            docker("tag", LOCAL_IMAGE, image);
            Files.writeString(workDir.resolve(IMAGE_TAG), image);
            // a private client config: the login must not land in root's ~/.docker
            Map<String, String> client = Map.of("DOCKER_CONFIG", workDir.resolve("docker-client").toString());
            Shell.run(List.of("docker", "login", "-u", USERNAME, "--password-stdin", registry), client, password, Duration.ofMinutes(1)).orThrow();
            Shell.run(List.of("docker", "push", "-q", image), client, null, Duration.ofMinutes(2)).orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void shutDown() {
        if (registryProcess != null) {
            registryProcess.destroy();
            registryProcess = null;
        }
        // only the registry's tag goes; the local build stays as the next run's cache
        Shell.run("docker", "rmi", image);
        deleteTree(workDir);
    }

    /**
     * A JVM killed outright runs no shutdown hook: its registry and image tag outlive it. Each
     * work folder names its JVM; when that JVM is gone, finish its shutdown.
     */
    private static void sweepOrphans() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, WORK_DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = readPid(dir.resolve(OWNER_PID));
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).isPresent()) {
                    continue;
                }
                readPid(dir.resolve(REGISTRY_PID)).flatMap(ProcessHandle::of)
                        .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                        .ifPresent(ProcessHandle::destroy);
                Path tag = dir.resolve(IMAGE_TAG);
                if (Files.exists(tag)) {
                    Shell.run("docker", "rmi", Files.readString(tag).strip());
                }
                deleteTree(dir);
            }
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
