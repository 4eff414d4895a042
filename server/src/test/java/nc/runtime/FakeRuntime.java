package nc.runtime;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory engine for fast unit tests. It answers like the Docker Engine where it matters to
 * callers: containers are found by id or name, create needs a pulled image and a free name, a
 * main process that exits is restarted (unless-stopped), and in-use networks and volumes cannot be
 * removed. Tests steer it with {@link #failPull}, {@link #appendLog}, {@link #processExits} and
 * {@link #setAvailable}.
 */
public final class FakeRuntime implements ContainerRuntime {
    private final Map<String, EngineNetwork> networks = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    private final Map<String, Box> containers = new LinkedHashMap<>();
    private final Set<String> pulled = new HashSet<>();
    private final Map<String, String> pullFailures = new LinkedHashMap<>();
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean available = true;
    private int nextId = 1;

    /** One engine container and its state. */
    public static final class Box {
        public final String id;
        public final EngineContainer spec;
        public String status = "created";
        public boolean running;
        public int exitCode;
        public int restartCount;
        public Instant startedAt;
        public Instant finishedAt;
        final List<Line> log = new ArrayList<>();

        Box(String id, EngineContainer spec) {
            this.id = id;
            this.spec = spec;
        }
    }

    private record Line(Instant at, String text) {
    }

    // ---- steering -----------------------------------------------------------------------------

    /** The next pulls of this image fail with the message (as a registry would answer). */
    public synchronized void failPull(String image, String message) {
        pullFailures.put(image, message);
    }

    /** While unavailable, every call fails as if the engine were down. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Adds output to a container's log; lines end with \n. */
    public synchronized void appendLog(String idOrName, String text) {
        Box box = box(idOrName).orElseThrow();
        text.lines().forEach(l -> box.log.add(new Line(Instant.now(), l + "\n")));
    }

    /** The main process exits: "die" with the code, then the restart policy starts it again. */
    public synchronized void processExits(String idOrName, int exitCode) {
        Box box = box(idOrName).filter(b -> b.running).orElseThrow();
        box.exitCode = exitCode;
        box.finishedAt = Instant.now();
        emit(box, "die", Map.of("exitCode", Integer.toString(exitCode)));
        box.restartCount++;
        box.startedAt = Instant.now();
        emit(box, "start", Map.of());
    }

    // ---- looking ------------------------------------------------------------------------------

    public synchronized Optional<Box> container(String idOrName) {
        return box(idOrName);
    }

    public synchronized List<Box> containers() {
        return List.copyOf(containers.values());
    }

    public synchronized Map<String, EngineNetwork> networks() {
        return Map.copyOf(networks);
    }

    public synchronized Map<String, Map<String, String>> volumes() {
        return Map.copyOf(volumes);
    }

    public synchronized Set<String> pulledImages() {
        return Set.copyOf(pulled);
    }

    // ---- ContainerRuntime ---------------------------------------------------------------------

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public synchronized void ensureNetwork(EngineNetwork network) {
        up();
        EngineNetwork existing = networks.putIfAbsent(network.name(), network);
        if (existing != null && !existing.cidr().equals(network.cidr())) {
            throw new RuntimeFailure("network " + network.name() + " exists with subnet [" + existing.cidr() + "], not " + network.cidr());
        }
    }

    @Override
    public synchronized void removeNetwork(String name) {
        up();
        if (containers.values().stream().anyMatch(b -> name.equals(b.spec.network()))) {
            throw new RuntimeFailure("error while removing network: network " + name + " has active endpoints");
        }
        networks.remove(name);
    }

    @Override
    public synchronized void ensureVolume(String name, Map<String, String> labels) {
        up();
        volumes.putIfAbsent(name, labels == null ? Map.of() : Map.copyOf(labels));
    }

    @Override
    public synchronized void removeVolume(String name) {
        up();
        boolean inUse = containers.values().stream()
                .anyMatch(b -> b.spec.mounts() != null && b.spec.mounts().stream().anyMatch(m -> name.equals(m.volume())));
        if (inUse) {
            throw new RuntimeFailure("remove " + name + ": volume is in use");
        }
        volumes.remove(name);
    }

    @Override
    public synchronized void pull(String image, Optional<RegistryAuth> auth) {
        up();
        String failure = pullFailures.get(image);
        if (failure != null) {
            throw new RuntimeFailure(failure);
        }
        pulled.add(image);
    }

    @Override
    public synchronized String create(EngineContainer container) {
        up();
        if (!pulled.contains(container.image())) {
            throw new RuntimeFailure("No such image: " + container.image());
        }
        if (box(container.name()).isPresent()) {
            throw new RuntimeFailure("Conflict. The container name \"/" + container.name() + "\" is already in use");
        }
        Box box = new Box(String.format("%064x", nextId++), container);
        containers.put(box.id, box);
        emit(box, "create", Map.of());
        return box.id;
    }

    @Override
    public synchronized void start(String engineId) {
        up();
        Box box = box(engineId).orElseThrow(() -> new RuntimeFailure("No such container: " + engineId));
        if (!box.running) {
            box.running = true;
            box.status = "running";
            box.startedAt = Instant.now();
            emit(box, "start", Map.of());
        }
    }

    @Override
    public synchronized void stop(String engineId, Duration grace) {
        up();
        box(engineId).filter(b -> b.running).ifPresent(box -> {
            box.running = false;
            box.status = "exited";
            box.exitCode = 143;
            box.finishedAt = Instant.now();
            emit(box, "die", Map.of("exitCode", "143"));
            emit(box, "stop", Map.of());
        });
    }

    @Override
    public synchronized void remove(String engineId) {
        up();
        box(engineId).ifPresent(box -> {
            stop(engineId, Duration.ZERO);
            containers.remove(box.id);
            emit(box, "destroy", Map.of());
        });
    }

    @Override
    public synchronized Optional<EngineState> inspect(String engineId) {
        up();
        return box(engineId).map(b -> new EngineState(b.status, b.running, false, b.exitCode, b.restartCount, null, false,
                b.startedAt, b.finishedAt, 0));
    }

    @Override
    public synchronized List<EngineContainerSummary> listByLabel(String key, String value) {
        up();
        return containers.values().stream()
                .filter(b -> value == null ? labels(b).containsKey(key) : value.equals(labels(b).get(key)))
                .map(b -> new EngineContainerSummary(b.id, b.spec.name(), b.status, labels(b)))
                .toList();
    }

    @Override
    public synchronized List<String> networksByLabel(String key, String value) {
        up();
        return networks.values().stream()
                .filter(n -> n.labels() != null && value.equals(n.labels().get(key)))
                .map(EngineNetwork::name)
                .toList();
    }

    @Override
    public synchronized List<String> volumesByLabel(String key, String value) {
        up();
        return volumes.entrySet().stream().filter(e -> value.equals(e.getValue().get(key))).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized String logs(String engineId, LogQuery query) {
        up();
        List<Line> lines = box(engineId).map(b -> b.log).orElse(List.of());
        if (query != null && query.sinceSeconds() != null) {
            Instant since = Instant.now().minusSeconds(query.sinceSeconds());
            lines = lines.stream().filter(l -> !l.at().isBefore(since)).toList();
        }
        if (query != null && query.tailLines() != null && lines.size() > query.tailLines()) {
            lines = lines.subList(lines.size() - query.tailLines(), lines.size());
        }
        return String.join("", lines.stream().map(Line::text).toList());
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener) {
        up();
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }

    private Optional<Box> box(String idOrName) {
        Box byId = containers.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return containers.values().stream().filter(b -> b.spec.name().equals(idOrName)).findFirst();
    }

    private static Map<String, String> labels(Box box) {
        return box.spec.labels() == null ? Map.of() : box.spec.labels();
    }

    private void emit(Box box, String action, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(labels(box));
        attributes.put("name", box.spec.name());
        attributes.put("image", box.spec.image());
        attributes.putAll(extra);
        EngineEvent event = new EngineEvent(box.id, action, labels(box), Map.copyOf(attributes));
        listeners.forEach(l -> l.accept(event));
    }

    private void up() {
        if (!available) {
            throw new RuntimeFailure("Docker Engine unreachable or failed: connection refused");
        }
    }
}
