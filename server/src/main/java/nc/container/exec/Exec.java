package nc.container.exec;

import java.time.Instant;
import java.util.List;

/**
 * One exec record (docs/api/nativecontainer.md §6.8): created by execCreate, started once, exited with a
 * code. Guarded by its own monitor.
 */
final class Exec {
    enum State { CREATED, RUNNING, EXITED }

    final String execId;
    final String accountId;
    final String regionId;
    final String containerId;
    final List<String> command;
    final boolean tty;
    final Instant createdAt;
    private State state = State.CREATED;
    private Integer exitCode;
    private Instant endedAt;
    /** The engine's exec, once started. */
    private String engineExecId;
    /** The terminal size asked for before the start (§6.10), 80×24 by default. */
    private int height = 24;
    private int width = 80;

    Exec(String execId, String accountId, String regionId, String containerId, List<String> command, boolean tty, Instant createdAt) {
        this.execId = execId;
        this.accountId = accountId;
        this.regionId = regionId;
        this.containerId = containerId;
        this.command = command;
        this.tty = tty;
        this.createdAt = createdAt;
    }

    synchronized State state() {
        return state;
    }

    /** created → running, once; false when it already started. */
    synchronized boolean start() {
        if (state != State.CREATED) {
            return false;
        }
        state = State.RUNNING;
        return true;
    }

    synchronized void exited(int code, Instant at) {
        if (state != State.EXITED) {
            state = State.EXITED;
            exitCode = code;
            endedAt = at;
        }
    }

    synchronized Integer exitCode() {
        return exitCode;
    }

    synchronized Instant endedAt() {
        return endedAt;
    }

    synchronized void engineExecId(String id) {
        this.engineExecId = id;
    }

    synchronized String engineExecId() {
        return engineExecId;
    }

    synchronized void size(int height, int width) {
        this.height = height;
        this.width = width;
    }

    synchronized int height() {
        return height;
    }

    synchronized int width() {
        return width;
    }
}
