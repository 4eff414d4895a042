package nc.container.spec;

import java.util.Set;
import java.util.regex.Pattern;
import nc.error.ServiceException;

/**
 * An image name taken apart (docs/api/nc.md §8 rules 3 and 5).
 *
 * @param registry   host[:port] of a private registry; null means Docker Hub
 * @param repository the path, e.g. {@code nginx}, {@code mysql/mysql-server}, {@code nc-test/app}
 * @param tag        the tag; {@code latest} unless a digest is given; null with a bare digest
 * @param digest     {@code sha256:<64 hex>} or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    private static final String FIELD = "containerSpec.image";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?");
    // Names spelled with Docker Hub's own host are still Docker Hub: they must go through the mirror.
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    public static ImageReference parse(String image) {
        return parse(FIELD, image);
    }

    /** As {@link #parse(String)}, refusals naming {@code field}. */
    public static ImageReference parse(String field, String image) {
        if (image == null || image.isEmpty()) {
            throw ServiceException.invalid(field, "required");
        }
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw ServiceException.invalid(field, "digest must be sha256:<64 lower-case hex digits>");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.length() > 128) {
                throw ServiceException.invalid(field, "tag must be at most 128 characters");
            }
            if (!TAG.matcher(tag).matches()) {
                throw ServiceException.invalid(field, "tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
            }
        } else if (digest == null) {
            tag = "latest";
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash >= 0 && isRegistry(rest.substring(0, slash))) {
            registry = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
            checkRegistry(field, registry);
            if (DOCKER_HUB.contains(registry)) {
                registry = null;
            }
        }
        checkRepository(field, rest);
        return new ImageReference(registry, rest, tag, digest);
    }

    private static boolean isRegistry(String part) {
        return part.contains(".") || part.contains(":") || part.equals("localhost");
    }

    private static void checkRegistry(String field, String registry) {
        if (registry.length() > 255) {
            throw ServiceException.invalid(field, "registry must be at most 255 characters");
        }
        if (!REGISTRY.matcher(registry).matches()) {
            throw ServiceException.invalid(field, "registry must be a host name or IPv4 address with an optional :port");
        }
    }

    private static void checkRepository(String field, String repository) {
        if (repository.isEmpty()) {
            throw ServiceException.invalid(field, "repository is missing");
        }
        if (repository.length() > 256) {
            throw ServiceException.invalid(field, "repository must be at most 256 characters");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw ServiceException.invalid(field, "repository path components are lower-case letters and digits"
                        + " joined by '.', '_', '__' or runs of '-'");
            }
        }
    }

    /** The full name as Docker understands it, with the default tag filled in. */
    public String canonical() {
        return (registry == null ? "" : registry + "/") + repository + suffix();
    }

    /**
     * The name to pull: Docker Hub names go through the operator's mirror when one is set
     * (official images live under {@code library/} there); names of other registries are pulled as they are.
     */
    public String pullName(String dockerHubMirror) {
        if (registry != null || dockerHubMirror == null || dockerHubMirror.isBlank()) {
            return canonical();
        }
        String mirror = dockerHubMirror.endsWith("/")
                ? dockerHubMirror.substring(0, dockerHubMirror.length() - 1) : dockerHubMirror;
        String path = repository.contains("/") ? repository : "library/" + repository;
        return mirror + "/" + path + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
