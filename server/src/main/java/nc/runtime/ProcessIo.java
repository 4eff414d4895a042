package nc.runtime;

/** The input side of a process started through the runtime (an exec, or an attach to the main process). */
public interface ProcessIo {

    /** Writes to the process's stdin (or terminal); blocks while the process does not read. */
    void write(byte[] data);

    /** End of input: the process reads EOF (no effect on a terminal, which has no half-close). */
    void closeStdin();

    /** Lets go of the process: the connection to it is closed; with a terminal the process is hung up. */
    void close();

    /** Where a process's output goes, in arrival order, on the runtime's thread (a call may block). */
    interface Output {
        void output(boolean stderr, byte[] data, int offset, int length);

        /** The output ended: the process exited or the connection was closed. Called once. */
        void ended();
    }
}
