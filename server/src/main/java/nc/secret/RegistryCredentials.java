package nc.secret;

/** Decoded credentials for an image pull. Never logged, never returned on the wire. */
public record RegistryCredentials(String server, String username, String password, String email) {
    @Override
    public String toString() {
        return "RegistryCredentials[server=" + server + ", username=" + username + "]";
    }
}
