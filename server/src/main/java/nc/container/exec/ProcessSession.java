package nc.container.exec;

import java.nio.ByteBuffer;
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
import nc.runtime.ProcessIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session joined to a process (docs/api/nativecontainer.md §6.4–§6.7): output as {@code streamType}
 * messages, the exit message and Close 1000 when the process ends, an error and Close 1011 when it
 * cannot be joined, Close 1008 when the client leaves its output unread, Close 1001 when idle.
 * Exec and attach differ in how they join the process, treat input and learn the exit code.
 */
abstract class ProcessSession implements StreamSession, ProcessIo.Output {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSession.class);
    private static final ScheduledExecutorService IDLE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nc-exec-idle");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_OUTPUT_PER_MESSAGE = 32 * 1024;

    /** What the log calls it: exec id or attach, and the container. */
    private final String name;
    private final Duration idleTimeout;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Utf8Chunks stdout = new Utf8Chunks();
    private final Utf8Chunks stderr = new Utf8Chunks();
    private volatile Peer peer;
    private volatile ProcessIo io;
    private volatile boolean over;
    private volatile long lastActivity = System.nanoTime();
    private ScheduledFuture<?> idleCheck;

    ProcessSession(String name, Duration idleTimeout) {
        this.name = name;
        this.idleTimeout = idleTimeout;
    }

    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable onOver = () -> { };

    /** Runs once when the session is over, however it ends. */
    final void onOver(Runnable action) {
        this.onOver = action;
    }

    private void markOver() {
        over = true;
        if (ended.compareAndSet(false, true)) {
            onOver.run();
        }
    }

    /** Joins the process; output starts flowing to this session. */
    abstract ProcessIo join();

    /** The joined process could not be joined or started. */
    abstract void joinFailed();

    /** Client bytes (never empty) for the process, once joined. */
    abstract void input(ProcessIo process, byte[] bytes);

    /** The client went away: what happens to the process. */
    abstract void leave(ProcessIo process);

    /** The process's exit code once its output ended; empty when it is not known. */
    abstract Optional<Integer> exitCode();

    /** Ends the session now (detach): Close 1000 without an exit message; the process goes on. */
    final void detach() {
        markOver();
        cancelIdleCheck();
        peer.close(1000, "");
        ProcessIo process = io;
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void start(Peer client) {
        this.peer = client;
        Thread starter = new Thread(this::startProcess, "nc-join-" + name);
        starter.setDaemon(true);
        starter.start();
        long period = Math.max(100, idleTimeout.toMillis() / 4);
        idleCheck = IDLE.scheduleWithFixedDelay(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void startProcess() {
        try {
            io = join();
        } catch (RuntimeException e) {
            LOG.warn("{} could not start", name, e);
            joinFailed();
            fail("could not be started: " + e.getMessage());
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
        if (process == null) {
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        input(process, bytes);
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
        markOver();
        cancelIdleCheck();
        if (peer == null) {
            // never upgraded: nothing was joined
            return;
        }
        awaitStart();
        ProcessIo process = io;
        if (process != null) {
            leave(process);
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
            LOG.info("{}: {}; session closed", name, e.getMessage());
            markOver();
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
        Optional<Integer> code = exitCode();
        cancelIdleCheck();
        if (over) {
            return;
        }
        markOver();
        if (code.isPresent()) {
            Map<String, Object> exit = new LinkedHashMap<>();
            exit.put("type", "exit");
            exit.put("exitCode", code.get());
            trySend(Json.write(exit));
        }
        peer.close(1000, "");
    }

    private void fail(String message) {
        if (over) {
            return;
        }
        markOver();
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
            LOG.debug("last message of {} not sent", name, e);
        }
    }

    private void closeIfIdle() {
        if (over || System.nanoTime() - lastActivity < idleTimeout.toNanos()) {
            return;
        }
        LOG.info("{}: no input or output for {}; session closed", name, idleTimeout);
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
