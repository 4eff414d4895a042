package nc.runtime.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import nc.runtime.ContainerRuntime;
import nc.runtime.EngineContainer;
import nc.runtime.EngineContainerSummary;
import nc.runtime.EngineEvent;
import nc.runtime.EngineNetwork;
import nc.runtime.EngineState;
import nc.runtime.LogQuery;
import nc.runtime.ProcessIo;
import nc.runtime.RegistryAuth;
import nc.runtime.PullFailure;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ContainerRuntime over a Docker Engine (API 1.41 and later), through docker-java. */
public final class DockerRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    public static final URI LOCAL_ENGINE = URI.create("unix:///var/run/docker.sock");
    private static final String MASQUERADE_OPTION = "com.docker.network.bridge.enable_ip_masquerade";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest silence we accept in an answer; a stop may wait out a long grace period. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    private final URI host;
    private final DockerClient docker;
    /** Event streams stay silent for as long as nothing happens: no response timeout. */
    private final DockerClient streams;
    /** Whether the storage driver takes a size per container; null until the engine was asked. */
    private volatile Boolean rootFsLimit;
    /** Finds a starting container's first process, for {@link #start(String, java.util.function.LongConsumer)}. */
    private final NamespaceWatch startWatch = new NamespaceWatch();
    /** Execs whose executable could not run, with the code §3.3 gives them (the engine says 126 for both). */
    private final Map<String, Integer> failedExecs = new java.util.concurrent.ConcurrentHashMap<>();

    public DockerRuntime() {
        this(LOCAL_ENGINE);
    }

    public DockerRuntime(URI dockerHost) {
        this.host = Objects.requireNonNull(dockerHost, "dockerHost");
        this.docker = client(dockerHost, RESPONSE_TIMEOUT);
        this.streams = client(dockerHost, null);
    }

    private static DockerClient client(URI host, Duration responseTimeout) {
        // A bare builder, not createDefaultConfigBuilder(): no DOCKER_* variables and no
        // ~/.docker/config.json, so a pull never borrows credentials the host happens to have.
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(host.toString()).build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(host)
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(64);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    public URI host() {
        return host;
    }

    @Override
    public boolean available() {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A unix socket is an engine on this machine. */
    @Override
    public boolean sharesHost() {
        return "unix".equals(host.getScheme());
    }

    @Override
    public boolean limitsRootFs() {
        Boolean known = rootFsLimit;
        if (known == null) {
            known = probeRootFsLimit();
        }
        return known != null && known;
    }

    /**
     * The engine's storage drivers that take {@code --storage-opt size}: overlay2 (and vfs) only over
     * xfs mounted with project quota (pquota), btrfs and zfs. Docker Engine refuses the option on
     * the others, so it is only asked where it can work; an xfs without pquota is found out by the
     * first refused create. Null when the engine does not answer.
     */
    private Boolean probeRootFsLimit() {
        Info info;
        try {
            info = docker.infoCmd().exec();
        } catch (RuntimeException e) {
            return null;
        }
        String driver = String.valueOf(info.getDriver());
        String backing = info.getDriverStatuses() == null ? "?" : info.getDriverStatuses().stream()
                .filter(kv -> kv.size() == 2 && "Backing Filesystem".equals(kv.get(0)))
                .map(kv -> kv.get(1)).findFirst().orElse("?");
        boolean limits = switch (driver) {
            case "overlay2", "vfs" -> "xfs".equals(backing);
            case "btrfs", "zfs" -> true;
            default -> false;
        };
        if (limits) {
            LOG.info("root volumes limit the containers' filesystem: storage driver {} on {}", driver, backing);
        } else {
            LOG.warn("root volume sizes are not enforced: the engine's storage driver {} on {} takes no size per container"
                    + " (it needs overlay2 on xfs mounted with pquota, btrfs or zfs)", driver, backing);
        }
        rootFsLimit = limits;
        return limits;
    }

    @Override
    // synchronized: the first containers of a subnet are provisioned in parallel and must not both create its network
    public synchronized void ensureNetwork(EngineNetwork network) {
        call(() -> {
            Optional<Network> existing = findNetwork(network.name());
            if (existing.isEmpty()) {
                try {
                    docker.createNetworkCmd()
                            .withName(network.name())
                            .withDriver("bridge")
                            .withCheckDuplicate(true)
                            .withIpam(new Network.Ipam().withConfig(
                                    new Network.Ipam.Config().withSubnet(network.cidr()).withGateway(network.gateway())))
                            .withLabels(orEmpty(network.labels()))
                            .withOptions(Map.of(MASQUERADE_OPTION, Boolean.toString(network.sharedOutboundNat())))
                            .exec();
                    return null;
                } catch (ConflictException createdMeanwhile) {
                    existing = findNetwork(network.name());
                    if (existing.isEmpty()) {
                        throw createdMeanwhile;
                    }
                }
            }
            requireSubnet(existing.get(), network);
            return null;
        });
    }

    private static void requireSubnet(Network existing, EngineNetwork wanted) {
        List<Network.Ipam.Config> configs = existing.getIpam() == null || existing.getIpam().getConfig() == null
                ? List.of()
                : existing.getIpam().getConfig();
        boolean same = configs.stream().anyMatch(c -> wanted.cidr().equals(c.getSubnet()));
        if (!same) {
            throw new RuntimeFailure("network " + wanted.name() + " exists with subnet "
                    + configs.stream().map(Network.Ipam.Config::getSubnet).toList() + ", not " + wanted.cidr());
        }
    }

    /** By exact name: the engine's name filter matches substrings, and inspect also takes id prefixes. */
    private Optional<Network> findNetwork(String name) {
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> name.equals(n.getName()))
                .findFirst();
    }

    @Override
    public void removeNetwork(String name) {
        call(() -> {
            Optional<Network> existing = findNetwork(name);
            if (existing.isPresent()) {
                try {
                    docker.removeNetworkCmd(existing.get().getId()).exec();
                } catch (NotFoundException alreadyGone) {
                    // removed meanwhile
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void ensureVolume(String name, Map<String, String> labels) {
        // the engine answers with the existing volume when the name is taken
        call(() -> docker.createVolumeCmd().withName(name).withDriver("local").withLabels(orEmpty(labels)).exec());
    }

    @Override
    public void removeVolume(String name) {
        call(() -> {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (NotFoundException alreadyGone) {
                // nothing to remove
            }
            return null;
        });
    }

    @Override
    public void pull(String image, Optional<RegistryAuth> auth) {
        String password = auth.map(RegistryAuth::password).orElse(null);
        try {
            ImageName name = ImageName.parse(image);
            PullImageCmd cmd = docker.pullImageCmd(name.repository());
            if (name.tag() != null) {
                cmd.withTag(name.tag());
            }
            auth.ifPresent(a -> cmd.withAuthConfig(new AuthConfig()
                    .withRegistryAddress(a.server())
                    .withUsername(a.username())
                    .withPassword(a.password())));
            PullProgress progress = cmd.exec(new PullProgress());
            progress.awaitDone();
            if (progress.error() != null) {
                throw EngineErrors.pullFailure(progress.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while pulling " + image, e);
        } catch (RuntimeFailure f) {
            throw withoutSecret(f, password);
        } catch (DockerException e) {
            throw withoutSecret(EngineErrors.pullFailure(EngineErrors.engineMessage(e)), password);
        } catch (RuntimeException e) {
            throw withoutSecret(EngineErrors.failure(e), password);
        }
    }

    /** Registries do not echo passwords; this makes sure no message ever does. */
    private static RuntimeFailure withoutSecret(RuntimeFailure f, String password) {
        if (password == null || password.isEmpty() || f.getMessage() == null || !f.getMessage().contains(password)) {
            return f;
        }
        String message = f.getMessage().replace(password, "***");
        return f instanceof PullFailure pull ? new PullFailure(pull.kind(), message) : new RuntimeFailure(message);
    }

    @Override
    public String create(EngineContainer container) {
        boolean limit = container.rootFsBytes() > 0 && limitsRootFs();
        try {
            return call(() -> CreateRequest.of(docker, container, limit).exec().getId());
        } catch (RuntimeFailure f) {
            if (!limit || f.getMessage() == null || !f.getMessage().toLowerCase(java.util.Locale.ROOT).contains("storage")) {
                throw f;
            }
            // e.g. overlay2 on xfs mounted without pquota: "--storage-opt is supported only for overlay over xfs with 'pquota' ..."
            rootFsLimit = false;
            LOG.warn("root volume sizes are not enforced: the engine refused a size per container: {}", f.getMessage());
            return call(() -> CreateRequest.of(docker, container, false).exec().getId());
        }
    }

    @Override
    public void start(String engineId) {
        call(() -> {
            try {
                docker.startContainerCmd(engineId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // started is what was asked
            }
            return null;
        });
    }

    /** On an engine of this machine the namespace is watched for (NamespaceWatch); elsewhere it is never reported. */
    @Override
    public void start(String engineId, java.util.function.LongConsumer namespaceReady) {
        if (!sharesHost()) {
            start(engineId);
            return;
        }
        // asked before the start: the engine answers an inspect only after a start it has begun
        String fullId = call(() -> docker.inspectContainerCmd(engineId).exec().getId());
        startWatch.startWatching(fullId, () -> start(engineId), namespaceReady);
    }

    @Override
    public void stop(String engineId, Duration grace) {
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (grace.toMillis() + 999) / 1000));
        call(() -> {
            try {
                docker.stopContainerCmd(engineId).withTimeout(seconds).exec();
            } catch (NotFoundException | NotModifiedException absentOrStopped) {
                // stopped is what was asked
            }
            return null;
        });
    }

    @Override
    public void remove(String engineId) {
        call(() -> {
            try {
                docker.removeContainerCmd(engineId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // nothing to remove
            } catch (ConflictException e) {
                if (!EngineErrors.engineMessage(e).contains("already in progress")) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public Optional<EngineState> inspect(String engineId) {
        return call(() -> {
            try {
                return Optional.of(EngineStates.of(docker.inspectContainerCmd(engineId).exec()));
            } catch (NotFoundException absent) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String execCreate(String engineId, List<String> command, boolean tty) {
        return call(() -> docker.execCreateCmd(engineId).withCmd(command.toArray(String[]::new)).withTty(tty)
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId());
    }

    @Override
    public ProcessIo execStart(String execId, boolean tty, ProcessIo.Output output) {
        ProcessIo.Output watched = new ExecStartFailure(output, code -> failedExecs.put(execId, code));
        return HijackedStream.open(host, "/exec/" + execId + "/start", Map.of("Detach", false, "Tty", tty), !tty, watched,
                "nc-exec-" + execId.substring(0, 12));
    }

    @Override
    public Optional<Integer> execExitCode(String execId) {
        Integer failed = failedExecs.get(execId);
        if (failed != null) {
            return Optional.of(failed);
        }
        return call(() -> {
            var exec = docker.inspectExecCmd(execId).exec();
            if (Boolean.TRUE.equals(exec.isRunning()) || exec.getExitCodeLong() == null) {
                return Optional.<Integer>empty();
            }
            return Optional.of(exec.getExitCodeLong().intValue());
        });
    }

    @Override
    public void execResize(String execId, int height, int width) {
        call(() -> docker.resizeExecCmd(execId).withSize(height, width).exec());
    }

    /** SIGHUP to the exec's process, which the engine reports by its pid on this machine (so: only when it shares it). */
    @Override
    public void execHangUp(String execId) {
        if (!sharesHost()) {
            throw new RuntimeFailure("the engine's processes are not on this machine");
        }
        Long pid = call(() -> docker.inspectExecCmd(execId).exec().getPidLong());
        if (pid == null || pid <= 0) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new RuntimeFailure("kill -HUP " + pid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new RuntimeFailure("kill -HUP " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted", e);
        }
    }

    @Override
    public ProcessIo attach(String engineId, boolean tty, ProcessIo.Output output) {
        String path = "/containers/" + engineId + "/attach?stream=1&stdout=1&stderr=1&stdin=" + (tty ? 1 : 0);
        return HijackedStream.open(host, path, null, !tty, output, "nc-attach-" + engineId);
    }

    @Override
    public void resizeTty(String engineId, int height, int width) {
        call(() -> docker.resizeContainerCmd(engineId).withSize(height, width).exec());
    }

    @Override
    public List<EngineContainerSummary> listByLabel(String key, String value) {
        var list = docker.listContainersCmd().withShowAll(true);
        var filtered = value == null ? list.withLabelFilter(List.of(key)) : list.withLabelFilter(Map.of(key, value));
        return call(() -> filtered.exec().stream()
                .map(DockerRuntime::summary)
                .toList());
    }

    private static EngineContainerSummary summary(Container c) {
        String name = c.getNames() == null || c.getNames().length == 0 ? null : c.getNames()[0].replaceFirst("^/", "");
        return new EngineContainerSummary(c.getId(), name, c.getState(), orEmpty(c.getLabels()));
    }

    @Override
    public List<String> networksByLabel(String key, String value) {
        return call(() -> docker.listNetworksCmd().withFilter("label", List.of(key + "=" + value)).exec().stream()
                .map(Network::getName)
                .toList());
    }

    @Override
    public List<String> volumesByLabel(String key, String value) {
        return call(() -> {
            var volumes = docker.listVolumesCmd().withFilter("label", List.of(key + "=" + value)).exec().getVolumes();
            return volumes == null ? List.<String>of() : volumes.stream().map(v -> v.getName()).toList();
        });
    }

    /** An absent container has no log: "". */
    @Override
    public String logs(String engineId, LogQuery query) {
        LogContainerCmd cmd = docker.logContainerCmd(engineId).withStdOut(true).withStdErr(true).withTimestamps(false);
        if (query != null && query.tailLines() != null) {
            cmd.withTail(query.tailLines());
        }
        if (query != null && query.sinceSeconds() != null) {
            cmd.withSince((int) (Instant.now().getEpochSecond() - query.sinceSeconds()));
        }
        try {
            LogCollector log = cmd.exec(new LogCollector());
            log.awaitDone();
            return log.text();
        } catch (NotFoundException absent) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while reading the log of " + engineId, e);
        } catch (RuntimeException e) {
            throw EngineErrors.failure(e);
        }
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener) {
        return EventStream.open(streams, listener);
    }

    @Override
    public void close() throws IOException {
        startWatch.close();
        try {
            docker.close();
        } finally {
            streams.close();
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw EngineErrors.failure(e);
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
