package nc.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import nc.api.ApiServer;
import nc.api.PlainEndpoint;

/**
 * The web console: static files under {@code /console/}, read once from the jar. The page signs
 * its API requests itself in the browser (JDCLOUD2-HMAC-SHA256 with Web Crypto) with the access
 * key pair the user types in, so the server needs nothing of its own for it.
 */
public final class ConsoleModule {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private ConsoleModule() {
    }

    public static void register(ApiServer api) {
        byte[] index = read("index.html");
        api.plain(PlainEndpoint.asset("/console", FILES.get("index.html"), index));
        FILES.forEach((name, type) -> api.plain(PlainEndpoint.asset("/console/" + name, type, read(name))));
        api.plain(PlainEndpoint.asset("/console/", FILES.get("index.html"), index));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleModule.class.getResourceAsStream("/nc/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
