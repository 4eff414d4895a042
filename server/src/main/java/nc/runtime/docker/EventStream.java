package nc.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import nc.runtime.EngineEvent;
import nc.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container events, delivered at least once until closed. When the engine drops the stream (engine
 * restart, socket error) it is opened again from the last event's time, so nothing in between is
 * lost; an event may then come twice.
 */
final class EventStream implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final long FIRST_ANSWER_SECONDS = 15;
    private static final long RECONNECT_PAUSE_MILLIS = 1000;
    /** Keys the engine adds to a container event's attributes; every other key is a label. */
    private static final Set<String> ENGINE_ATTRIBUTES = Set.of("image", "name", "exitCode", "signal", "execID", "container");

    private final DockerClient docker;
    private final Consumer<EngineEvent> listener;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile StreamCallback<Event> current;
    /** The engine's "since" (seconds[.nanoseconds]): where a new subscription starts. */
    private volatile String since = Long.toString(System.currentTimeMillis() / 1000);

    private EventStream(DockerClient docker, Consumer<EngineEvent> listener) {
        this.docker = docker;
        this.listener = listener;
    }

    /** Subscribes; fails when the engine does not answer now. */
    static EventStream open(DockerClient docker, Consumer<EngineEvent> listener) {
        EventStream stream = new EventStream(docker, listener);
        StreamCallback<Event> first = stream.subscribe();
        try {
            if (!first.awaitSettled(FIRST_ANSWER_SECONDS, TimeUnit.SECONDS)) {
                throw new RuntimeFailure("Docker Engine did not answer the events subscription");
            }
            if (first.isFinished()) {
                first.awaitDone();
                throw new RuntimeFailure("Docker Engine closed the events subscription");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new RuntimeFailure("interrupted while subscribing to engine events", e);
        } catch (RuntimeFailure e) {
            stream.close();
            throw e;
        } catch (RuntimeException e) {
            stream.close();
            throw EngineErrors.failure(e);
        }
        Thread follower = new Thread(() -> stream.follow(first), "nc-engine-events");
        follower.setDaemon(true);
        follower.start();
        return stream;
    }

    private StreamCallback<Event> subscribe() {
        StreamCallback<Event> callback = new StreamCallback<>() {
            @Override
            public void onNext(Event event) {
                deliver(event);
            }
        };
        current = callback;
        docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withSince(since).exec(callback);
        return callback;
    }

    private void follow(StreamCallback<Event> callback) {
        while (true) {
            try {
                callback.awaitDone();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException dropped) {
                if (!isClosed()) {
                    LOG.warn("engine event stream dropped, reconnecting: {}", EngineErrors.failure(dropped).getMessage());
                }
            }
            if (pauseUntilClosed()) {
                return;
            }
            callback = subscribe();
            if (isClosed()) {
                callback.cancel();
                return;
            }
        }
    }

    private void deliver(Event event) {
        if (isClosed()) {
            return;
        }
        if (event.getTimeNano() != null) {
            long nanos = event.getTimeNano();
            since = (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
        }
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of()
                : Map.copyOf(event.getActor().getAttributes());
        Map<String, String> labels = new HashMap<>(attributes);
        labels.keySet().removeAll(ENGINE_ATTRIBUTES);
        String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId() : event.getId();
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        try {
            listener.accept(new EngineEvent(id, action, Map.copyOf(labels), attributes));
        } catch (RuntimeException e) {
            LOG.warn("engine event listener failed on {} {}", action, id, e);
        }
    }

    /** Waits a moment before reconnecting; true when closed meanwhile. */
    private boolean pauseUntilClosed() {
        try {
            return closed.await(RECONNECT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
        StreamCallback<Event> callback = current;
        if (callback != null) {
            callback.cancel();
        }
    }
}
