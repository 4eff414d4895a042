package nc.ops;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nc.runtime.ContainerRuntime;
import nc.runtime.EngineContainer;
import nc.runtime.EngineContainerSummary;
import nc.runtime.EngineEvent;
import nc.runtime.EngineNetwork;
import nc.runtime.EngineState;
import nc.runtime.LogQuery;
import nc.runtime.RegistryAuth;

/** The engine, with each image pull timed into the metrics; everything else passes through. */
final class TimedRuntime implements ContainerRuntime {
    private final ContainerRuntime engine;
    private final Metrics metrics;

    TimedRuntime(ContainerRuntime engine, Metrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public void pull(String image, Optional<RegistryAuth> auth) {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            engine.pull(image, auth);
            succeeded = true;
        } finally {
            metrics.imagePull(System.nanoTime() - started, succeeded);
        }
    }

    @Override
    public boolean available() {
        return engine.available();
    }

    @Override
    public boolean sharesHost() {
        return engine.sharesHost();
    }

    @Override
    public boolean limitsRootFs() {
        return engine.limitsRootFs();
    }

    @Override
    public void ensureNetwork(EngineNetwork network) {
        engine.ensureNetwork(network);
    }

    @Override
    public void removeNetwork(String name) {
        engine.removeNetwork(name);
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        engine.ensureVolume(name, labels);
    }

    @Override
    public void removeVolume(String name) {
        engine.removeVolume(name);
    }

    @Override
    public String create(EngineContainer container) {
        return engine.create(container);
    }

    @Override
    public void start(String engineId) {
        engine.start(engineId);
    }

    @Override
    public void start(String engineId, java.util.function.LongConsumer namespaceReady) {
        engine.start(engineId, namespaceReady);
    }

    @Override
    public void stop(String engineId, Duration grace) {
        engine.stop(engineId, grace);
    }

    @Override
    public void remove(String engineId) {
        engine.remove(engineId);
    }

    @Override
    public Optional<EngineState> inspect(String engineId) {
        return engine.inspect(engineId);
    }

    @Override
    public List<EngineContainerSummary> listByLabel(String key, String value) {
        return engine.listByLabel(key, value);
    }

    @Override
    public List<String> networksByLabel(String key, String value) {
        return engine.networksByLabel(key, value);
    }

    @Override
    public List<String> volumesByLabel(String key, String value) {
        return engine.volumesByLabel(key, value);
    }

    @Override
    public String logs(String engineId, LogQuery query) {
        return engine.logs(engineId, query);
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener) {
        return engine.events(listener);
    }

    @Override
    public String execCreate(String engineId, List<String> command, boolean tty) {
        return engine.execCreate(engineId, command, tty);
    }

    @Override
    public nc.runtime.ProcessIo execStart(String execId, boolean tty, nc.runtime.ProcessIo.Output output) {
        return engine.execStart(execId, tty, output);
    }

    @Override
    public java.util.Optional<Integer> execExitCode(String execId) {
        return engine.execExitCode(execId);
    }

    @Override
    public void execResize(String execId, int height, int width) {
        engine.execResize(execId, height, width);
    }

    @Override
    public void execHangUp(String execId) {
        engine.execHangUp(execId);
    }

    @Override
    public nc.runtime.ProcessIo attach(String engineId, boolean tty, nc.runtime.ProcessIo.Output output) {
        return engine.attach(engineId, tty, output);
    }

    @Override
    public void resizeTty(String engineId, int height, int width) {
        engine.resizeTty(engineId, height, width);
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
