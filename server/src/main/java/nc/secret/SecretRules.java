package nc.secret;

import java.util.regex.Pattern;
import nc.error.ServiceException;

/** The rules of createSecret: docs/api/nc.md §5.11 and rule 49. */
final class SecretRules {
    static final String TYPE = "docker-registry";
    static final int MAX_VALUE_CHARS = 4096;
    static final int MAX_DATA_CHARS = 256 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private SecretRules() {
    }

    static void check(CreateSecretRequest request) {
        checkName(request.name());
        if (request.secretType() == null) {
            throw ServiceException.invalid("secretType", "required; only docker-registry");
        }
        if (!TYPE.equals(request.secretType())) {
            throw ServiceException.invalid("secretType", "only docker-registry is supported");
        }
        DockerRegistryData data = request.data();
        if (data == null) {
            throw ServiceException.invalid("data", "required: server, username and password");
        }
        int total = value("data.server", data.server(), true)
                + value("data.username", data.username(), true)
                + value("data.password", data.password(), true)
                + value("data.email", data.email(), false);
        if (total > MAX_DATA_CHARS) {
            throw ServiceException.invalid("data", "at most 256 KiB in all");
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw ServiceException.invalid("name", "required");
        }
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw ServiceException.invalid("name", "1-253 characters of lower-case letters, digits, '-' and '.',"
                    + " starting and ending with a letter or digit");
        }
    }

    private static int value(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw ServiceException.invalid(field, "required");
            }
            return 0;
        }
        if (required && value.isEmpty()) {
            throw ServiceException.invalid(field, "must not be empty");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw ServiceException.invalid(field, "at most 4 KiB of Base64");
        }
        if (!BASE64.matcher(value).matches()) {
            throw ServiceException.invalid(field, "must be Base64 (standard alphabet, padded, no line breaks)");
        }
        return value.length();
    }
}
