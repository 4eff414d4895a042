package nc.secret;

import java.time.Instant;

/** A stored secret as the owner may see it: everything but the password. */
public record Secret(String name, String type, Instant createdAt, String serverB64, String usernameB64, String emailB64) {
}
