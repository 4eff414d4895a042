package nc.secret;

/** Registry credentials as they travel: every value Base64 (docs/api/nc.md §4.1). */
public record DockerRegistryData(String server, String username, String password, String email) {
    @Override
    public String toString() {
        return "DockerRegistryData[server=" + server + ", username=" + username + ", email=" + email + "]";
    }
}
