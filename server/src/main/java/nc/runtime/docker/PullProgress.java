package nc.runtime.docker;

import com.github.dockerjava.api.model.PullResponseItem;

/** Follows a pull's progress stream and remembers the error the engine reports in it, if any. */
final class PullProgress extends StreamCallback<PullResponseItem> {
    private volatile String error;

    @Override
    public void onNext(PullResponseItem item) {
        if (item.isErrorIndicated()) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage()
                    : "pull failed";
        }
    }

    String error() {
        return error;
    }
}
