package nc.secret;

/** The body of createSecret (docs/api/nc.md §5.11); path copies such as regionId are ignored. */
public record CreateSecretRequest(String name, String secretType, DockerRegistryData data) {
}
