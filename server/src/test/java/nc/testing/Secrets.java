package nc.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** createSecret bodies. */
public final class Secrets {
    public static final String PASSWORD = "s3cr3t-Pa55word!";

    private Secrets() {
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String body(String name) {
        return "{\"name\":\"" + name + "\",\"secretType\":\"docker-registry\",\"data\":{\"server\":\"" + b64("registry.example.com")
                + "\",\"username\":\"" + b64("bob") + "\",\"password\":\"" + b64(PASSWORD) + "\",\"email\":\"" + b64("bob@example.com") + "\"}}";
    }
}
