package nc.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streamed engine answer. Unlike docker-java's template it keeps errors for the caller instead
 * of logging each one as an ERROR with a stack trace (a failed pull is an answer, not a crash), and
 * it tells when the stream has either started or failed.
 */
class StreamCallback<T> extends ResultCallback.Adapter<T> {
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable error;
    private volatile boolean closedByUs;

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        settled.countDown();
        if (closedByUs) {
            closeQuietly();
        }
    }

    // finished before settled: whoever wakes up on settled sees a failed or ended stream as finished
    @Override
    public void onError(Throwable throwable) {
        if (!closedByUs && error == null) {
            error = throwable;
        }
        closeQuietly();
        settled.countDown();
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            settled.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            finished.countDown();
        }
    }

    /** Waits until the engine answered (stream started) or failed; true when it did within the time. */
    boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
        return settled.await(timeout, unit);
    }

    /** True when the stream has ended (completed, failed or cancelled). */
    boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Waits for the end of the stream; rethrows what broke it. */
    void awaitDone() throws InterruptedException {
        awaitCompletion();
        Throwable e = error;
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    void cancel() {
        closedByUs = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is gone either way
        }
    }
}
