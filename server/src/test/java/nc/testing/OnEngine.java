package nc.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the container integration tests: one server per class on the real engine, emptied afterwards. */
public abstract class OnEngine {
    protected static Engine engine;
    protected static TestServer server;
    protected static Containers containers;

    @BeforeAll
    static void startOnEngine() {
        engine = Engine.get();
        server = TestServer.start();
        containers = new Containers(server, engine);
    }

    @AfterAll
    static void stopOnEngine() {
        if (containers != null) {
            containers.deleteAll();
        }
        if (server != null) {
            server.close();
        }
        containers = null;
        server = null;
    }
}
