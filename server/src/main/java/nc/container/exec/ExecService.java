package nc.container.exec;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nc.api.StreamSession;
import nc.container.Container;
import nc.container.ContainerService;
import nc.container.ContainerStatus;
import nc.error.ServiceException;
import nc.runtime.ContainerRuntime;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec (docs/api/nativecontainer.md §3.2–§3.4, §6): records in this process's memory, the rules of
 * execCreate, execGetExitCode and resizeTTY, and the sessions of execStart.
 */
public final class ExecService {
    private static final Logger LOG = LoggerFactory.getLogger(ExecService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** §3.2: created + running execs of one container. */
    static final int MAX_LIVE_PER_CONTAINER = 32;
    /** §6.3: open attach sessions of one container. */
    static final int MAX_ATTACHED_PER_CONTAINER = 10;
    private static final int MAX_COMMAND_CHARS = 4096;
    private static final Duration UNSTARTED_LIFETIME = Duration.ofMinutes(15);
    private static final Duration EXITED_LIFETIME = Duration.ofHours(24);

    private final ContainerService containers;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();
    /** Open attach sessions per container. */
    private final Map<String, Integer> attached = new ConcurrentHashMap<>();

    /** @param idleTimeout a session with neither input nor output this long is closed */
    public ExecService(ContainerService containers, ContainerRuntime runtime, Clock clock, Duration idleTimeout) {
        this.containers = containers;
        this.runtime = runtime;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /** §3.2, first failure wins; the command goes to the request's log line. */
    public String create(String account, String region, String containerId, List<String> command, boolean tty) {
        checkCommand(command);
        Container c = containers.describe(account, region, containerId);
        requireRunning(c, "execCreate");
        forgetStale();
        synchronized (this) {
            long live = execs.values().stream().filter(e -> e.containerId.equals(containerId) && e.state() != Exec.State.EXITED)
                    .count();
            if (live >= MAX_LIVE_PER_CONTAINER) {
                throw ServiceException.failedPrecondition("container " + containerId + " has " + MAX_LIVE_PER_CONTAINER
                        + " execs created or running; wait for one to end");
            }
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            Exec exec = new Exec(HexFormat.of().formatHex(id), account, region, containerId, List.copyOf(command), tty,
                    clock.instant());
            execs.put(exec.execId, exec);
            return exec.execId;
        }
    }

    private static void checkCommand(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw ServiceException.invalid("command", "command is required");
        }
        int chars = 0;
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg == null || (i == 0 && arg.isEmpty())) {
                throw ServiceException.invalid("command[" + i + "]", i == 0 ? "the executable must not be empty" : "must be a string");
            }
            if (arg.indexOf('\0') >= 0) {
                throw ServiceException.invalid("command[" + i + "]", "must not contain NUL");
            }
            chars += arg.length();
        }
        if (chars > MAX_COMMAND_CHARS) {
            throw ServiceException.invalid("command", "at most " + MAX_COMMAND_CHARS + " characters in total");
        }
    }

    private static void requireRunning(Container c, String operation) {
        if (c.status() != ContainerStatus.RUNNING) {
            throw ServiceException.failedPrecondition("container " + c.containerId() + " is " + c.status().wire() + "; "
                    + operation + " needs status running");
        }
    }

    /** §3.3: the exit code once the process ended; empty before. */
    public Optional<Integer> exitCode(String account, String region, String containerId, String execId) {
        expireUnstarted(containers.describe(account, region, containerId));
        Exec exec = find(containerId, execId);
        if (exec.state() == Exec.State.RUNNING) {
            settle(exec);
        }
        return Optional.ofNullable(exec.exitCode());
    }

    /** §3.4: never fails because a session is over. */
    public void resize(String account, String region, String containerId, String execId, int height, int width) {
        Container c = containers.describe(account, region, containerId);
        expireUnstarted(c);
        Exec exec = execId == null ? null : find(containerId, execId);
        if (height == 0 || width == 0) {
            return;
        }
        if (exec == null) {
            // the main process's terminal, the one attach uses
            if (c.status() == ContainerStatus.RUNNING && c.tty()) {
                try {
                    runtime.resizeTty(c.engineName(), height, width);
                } catch (RuntimeFailure e) {
                    LOG.debug("resize of the terminal of {} not applied", containerId, e);
                }
            }
            return;
        }
        switch (exec.state()) {
            case CREATED -> exec.size(height, width);
            case RUNNING -> {
                exec.size(height, width);
                String engineExecId = exec.engineExecId();
                if (exec.tty && engineExecId != null && c.status() == ContainerStatus.RUNNING) {
                    try {
                        runtime.execResize(engineExecId, height, width);
                    } catch (RuntimeFailure e) {
                        LOG.debug("resize of exec {} not applied", execId, e);
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * §6.3 for execStart: the exec of this container, the container running, the exec not started
     * yet. Starting it marks it running, so a second upgrade is refused.
     */
    public StreamSession open(String account, String region, String containerId, String execId) {
        if (execId == null || execId.isEmpty()) {
            throw ServiceException.invalid("execId", "required: exactly one execId");
        }
        Container c = containers.describe(account, region, containerId);
        expireUnstarted(c);
        Exec exec = find(containerId, execId);
        requireRunning(c, "execStart");
        if (!exec.start()) {
            throw ServiceException.failedPrecondition("exec " + execId + " already started");
        }
        return new ExecSession(exec, c.engineName(), runtime, clock, idleTimeout);
    }

    /** §6.3 for attach: the container running, fewer than 10 sessions attached to it. */
    public StreamSession attach(String account, String region, String containerId) {
        Container c = containers.describe(account, region, containerId);
        requireRunning(c, "attach");
        Integer now = attached.compute(containerId, (id, n) -> n == null ? 1 : n + 1);
        if (now > MAX_ATTACHED_PER_CONTAINER) {
            release(containerId);
            throw ServiceException.failedPrecondition("container " + containerId + " has " + MAX_ATTACHED_PER_CONTAINER
                    + " attach sessions open; close one first");
        }
        AttachSession session = new AttachSession(containerId, c.engineName(), c.tty(), runtime, idleTimeout);
        session.onOver(() -> release(containerId));
        return session;
    }

    private void release(String containerId) {
        attached.computeIfPresent(containerId, (id, n) -> n <= 1 ? null : n - 1);
    }

    /** The exec of this container, unless unknown, expired or forgotten: 404. */
    private Exec find(String containerId, String execId) {
        forgetStale();
        Exec exec = execId == null ? null : execs.get(execId);
        if (exec == null || !exec.containerId.equals(containerId)) {
            throw ServiceException.notFound("exec " + execId + " not found in container " + containerId);
        }
        return exec;
    }

    /** A running exec whose process the engine reports ended (its session may be gone): its code recorded. */
    private void settle(Exec exec) {
        String engineExecId = exec.engineExecId();
        if (engineExecId == null) {
            return;
        }
        try {
            runtime.execExitCode(engineExecId).ifPresent(code -> exec.exited(code, clock.instant()));
        } catch (RuntimeFailure e) {
            // the engine forgot it (container removed): the process is gone with its container
            exec.exited(137, clock.instant());
        }
    }

    /** Unstarted execs after 15 minutes, exited ones after 24 hours, and every record of a container gone. */
    private void forgetStale() {
        Instant now = clock.instant();
        execs.values().removeIf(e -> (e.state() == Exec.State.CREATED && e.createdAt.plus(UNSTARTED_LIFETIME).isBefore(now))
                || (e.state() == Exec.State.EXITED && e.endedAt().plus(EXITED_LIFETIME).isBefore(now)));
    }

    /** §6.8: execs never started expire when their container leaves running. */
    private void expireUnstarted(Container c) {
        if (c.status() != ContainerStatus.RUNNING) {
            execs.values().removeIf(e -> e.containerId.equals(c.containerId()) && e.state() == Exec.State.CREATED);
        }
    }

    /** deleteContainer, rebuildContainer: the container's records are forgotten (§6.8). */
    public void forget(String containerId) {
        execs.values().removeIf(e -> e.containerId.equals(containerId));
    }
}
