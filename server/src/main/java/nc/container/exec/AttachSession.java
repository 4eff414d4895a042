package nc.container.exec;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Optional;
import nc.runtime.ContainerRuntime;
import nc.runtime.EngineState;
import nc.runtime.ProcessIo;

/**
 * One attach session (docs/api/nativecontainer.md §6.9): the main process's streams from now on; input to
 * its terminal when it has one, else discarded; Ctrl-P Ctrl-Q detaches, leaving it running.
 */
final class AttachSession extends ProcessSession {
    private static final byte CTRL_P = 0x10;
    private static final byte CTRL_Q = 0x11;

    private final String engineName;
    private final boolean tty;
    private final ContainerRuntime runtime;
    /** A Ctrl-P seen last, waiting for the byte that decides whether it detaches (also across frames). */
    private boolean pendingCtrlP;

    AttachSession(String containerId, String engineName, boolean tty, ContainerRuntime runtime, Duration idleTimeout) {
        super("attach to " + containerId, idleTimeout);
        this.engineName = engineName;
        this.tty = tty;
        this.runtime = runtime;
    }

    @Override
    ProcessIo join() {
        return runtime.attach(engineName, tty, this);
    }

    @Override
    void joinFailed() {
        // nothing was recorded for it
    }

    @Override
    synchronized void input(ProcessIo process, byte[] bytes) {
        ByteArrayOutputStream forward = new ByteArrayOutputStream(bytes.length);
        for (byte b : bytes) {
            if (pendingCtrlP) {
                pendingCtrlP = false;
                if (b == CTRL_Q) {
                    detach();
                    return;
                }
                forward.write(CTRL_P);
            }
            if (b == CTRL_P) {
                pendingCtrlP = true;
            } else {
                forward.write(b);
            }
        }
        // a main process without a terminal has no stdin: its attach sessions are output-only
        if (tty && forward.size() > 0) {
            process.write(forward.toByteArray());
        }
    }

    @Override
    void leave(ProcessIo process) {
        // the main process and its terminal are left as they are
        process.close();
    }

    @Override
    Optional<Integer> exitCode() {
        return runtime.inspect(engineName).map(EngineState::exitCode);
    }
}
