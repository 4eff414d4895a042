package nc.container.exec;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import nc.api.Json;
import nc.api.StreamSession;
import nc.runtime.ContainerRuntime;
import nc.runtime.ProcessIo;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execStart session (NATIVECONTAINER.md §6.4–§6.7): client frames to the process's stdin
 * (EOT ends a non-terminal stdin), output as {@code streamType} messages, the exit message and
 * Close 1000 when the process ends.
 */
final class ExecSession implements StreamSession, ProcessIo.Output {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
    private static final ScheduledExecutorService IDLE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nc-exec-idle");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_OUTPUT_PER_MESSAGE = 32 * 1024;
    private static final byte EOT = 0x04;

    private final Exec exec;
    private final String engineName;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Duration idleTimeout;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Utf8Chunks stdout = new Utf8Chunks();
    private final Utf8Chunks stderr = new Utf8Chunks();
    private volatile Peer peer;
    private volatile ProcessIo io;
    private volatile boolean stdinClosed;
    private volatile boolean over;
    private volatile long lastActivity = System.nanoTime();
    private ScheduledFuture<?> idleCheck;

    ExecSession(Exec exec, String engineName, ContainerRuntime runtime, Clock clock, Duration idleTimeout) {
        this.exec = exec;
        this.engineName = engineName;
        this.runtime = runtime;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void start(Peer client) {
        this.peer = client;
        Thread starter = new Thread(this::startProcess, "nc-exec-start-" + exec.execId.substring(0, 8));
        starter.setDaemon(true);
        starter.start();
        long period = Math.max(100, idleTimeout.toMillis() / 4);
        idleCheck = IDLE.scheduleWithFixedDelay(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void startProcess() {
        try {
            String engineExecId = runtime.execCreate(engineName, exec.command, exec.tty);
            exec.engineExecId(engineExecId);
            io = runtime.execStart(engineExecId, exec.tty, this);
            if (exec.tty) {
                try {
                    runtime.execResize(engineExecId, exec.height(), exec.width());
                } catch (RuntimeFailure e) {
                    LOG.debug("initial size of exec {} not applied", exec.execId, e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("exec {} in {} could not start", exec.execId, exec.containerId, e);
            exec.exited(125, clock.instant());
            fail("exec could not be started: " + e.getMessage());
        } finally {
            started.countDown();
        }
    }

    @Override
    public void input(ByteBuffer data) {
        lastActivity = System.nanoTime();
        if (!data.hasRemaining() || over) {
            return;
        }
        awaitStart();
        ProcessIo process = io;
        if (process == null || stdinClosed) {
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (!exec.tty && bytes.length == 1 && bytes[0] == EOT) {
            stdinClosed = true;
            process.closeStdin();
            return;
        }
        process.write(bytes);
    }

    private void awaitStart() {
        try {
            started.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void clientGone() {
        if (over) {
            return;
        }
        over = true;
        cancelIdleCheck();
        awaitStart();
        ProcessIo process = io;
        if (process != null) {
            // without a terminal: end of input; with one: hang up (§6.7). The process is not killed otherwise.
            if (exec.tty) {
                process.close();
            } else {
                stdinClosed = true;
                process.closeStdin();
            }
        }
    }

    @Override
    public void output(boolean isStderr, byte[] data, int offset, int length) {
        lastActivity = System.nanoTime();
        for (int at = offset; at < offset + length; at += MAX_OUTPUT_PER_MESSAGE) {
            int n = Math.min(MAX_OUTPUT_PER_MESSAGE, offset + length - at);
            String text = (isStderr ? stderr : stdout).decode(data, at, n);
            send(isStderr, text);
        }
    }

    private void send(boolean isStderr, String text) {
        if (text.isEmpty() || over) {
            return;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("streamType", isStderr ? "stderr" : "stdout");
        message.put("output", text);
        try {
            peer.send(Json.write(message));
        } catch (Stalled e) {
            LOG.info("exec {} in {}: {}; session closed", exec.execId, exec.containerId, e.getMessage());
            over = true;
            cancelIdleCheck();
            peer.close(1008, "output not read: " + e.getMessage());
            ProcessIo process = io;
            if (process != null) {
                process.close();
            }
        }
    }

    @Override
    public void ended() {
        send(false, stdout.flush());
        send(true, stderr.flush());
        Optional<Integer> code = awaitExitCode();
        code.ifPresent(c -> exec.exited(c, clock.instant()));
        cancelIdleCheck();
        if (over) {
            return;
        }
        over = true;
        if (code.isPresent()) {
            Map<String, Object> exit = new LinkedHashMap<>();
            exit.put("type", "exit");
            exit.put("exitCode", code.get());
            trySend(Json.write(exit));
        }
        peer.close(1000, "");
    }

    /** The engine records the code a moment after the stream ends. */
    private Optional<Integer> awaitExitCode() {
        String engineExecId = exec.engineExecId();
        if (engineExecId == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                Optional<Integer> code = runtime.execExitCode(engineExecId);
                if (code.isPresent()) {
                    return code;
                }
                Thread.sleep(10);
            } catch (RuntimeFailure e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void fail(String message) {
        if (over) {
            return;
        }
        over = true;
        cancelIdleCheck();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        error.put("code", 500);
        error.put("status", "INTERNAL");
        error.put("message", message);
        trySend(Json.write(error));
        peer.close(1011, "exec failed");
    }

    private void trySend(byte[] message) {
        try {
            peer.send(message);
        } catch (Stalled e) {
            LOG.debug("last message of exec {} not sent", exec.execId, e);
        }
    }

    private void closeIfIdle() {
        if (over || System.nanoTime() - lastActivity < idleTimeout.toNanos()) {
            return;
        }
        LOG.info("exec {} in {}: no input or output for {}; session closed", exec.execId, exec.containerId, idleTimeout);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        error.put("code", 408);
        error.put("status", "DEADLINE_EXCEEDED");
        error.put("message", "session idle for " + idleTimeout.toSeconds() + " s");
        trySend(Json.write(error));
        clientGone();
        peer.close(1001, "idle");
    }

    private void cancelIdleCheck() {
        ScheduledFuture<?> check = idleCheck;
        if (check != null) {
            check.cancel(false);
        }
    }
}
