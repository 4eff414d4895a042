package nc.runtime;

/** Credentials for one pull. The password never appears in toString. */
public record RegistryAuth(String server, String username, String password) {
    @Override
    public String toString() {
        return "RegistryAuth[server=" + server + ", username=" + username + "]";
    }
}
