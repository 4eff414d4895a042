package nc.container.exec;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nc.runtime.ContainerRuntime;
import nc.runtime.ProcessIo;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execStart session (docs/api/nativecontainer.md §6.4–§6.7): the exec's process made and started now,
 * client frames to its stdin (EOT ends a non-terminal stdin), its exit code recorded.
 */
final class ExecSession extends ProcessSession {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
    private static final byte EOT = 0x04;

    private final Exec exec;
    private final String engineName;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private volatile boolean stdinClosed;

    ExecSession(Exec exec, String engineName, ContainerRuntime runtime, Clock clock, Duration idleTimeout) {
        super("exec " + exec.execId + " in " + exec.containerId, idleTimeout);
        this.exec = exec;
        this.engineName = engineName;
        this.runtime = runtime;
        this.clock = clock;
    }

    @Override
    ProcessIo join() {
        String engineExecId = runtime.execCreate(engineName, exec.command, exec.tty);
        exec.engineExecId(engineExecId);
        ProcessIo io = runtime.execStart(engineExecId, exec.tty, this);
        if (exec.tty) {
            try {
                runtime.execResize(engineExecId, exec.height(), exec.width());
            } catch (RuntimeFailure e) {
                LOG.debug("initial size of exec {} not applied", exec.execId, e);
            }
        }
        return io;
    }

    @Override
    void joinFailed() {
        exec.exited(125, clock.instant());
    }

    @Override
    void input(ProcessIo process, byte[] bytes) {
        if (stdinClosed) {
            return;
        }
        if (!exec.tty && bytes.length == 1 && bytes[0] == EOT) {
            stdinClosed = true;
            process.closeStdin();
            return;
        }
        process.write(bytes);
    }

    @Override
    void leave(ProcessIo process) {
        // without a terminal: end of input; with one: hang up (§6.7). The process is not killed otherwise.
        if (exec.tty) {
            try {
                runtime.execHangUp(exec.engineExecId());
            } catch (RuntimeFailure e) {
                // no way to signal it here: what a terminal's owner would type, interrupt then end of input
                LOG.debug("exec {}: no hang-up ({}); sending Ctrl-C Ctrl-D", exec.execId, e.getMessage());
                process.write(new byte[] {0x03, EOT});
            }
            process.close();
        } else {
            stdinClosed = true;
            process.closeStdin();
        }
    }

    /** The engine records the code a moment after the stream ends. */
    @Override
    Optional<Integer> exitCode() {
        String engineExecId = exec.engineExecId();
        if (engineExecId == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                Optional<Integer> code = runtime.execExitCode(engineExecId);
                if (code.isPresent()) {
                    exec.exited(code.get(), clock.instant());
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
}
