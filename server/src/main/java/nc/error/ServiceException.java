package nc.error;

/**
 * A refusal that reaches the client as the error envelope. {@code field} names the offending
 * parameter path when there is one; it becomes {@code details[0].field}.
 */
public class ServiceException extends RuntimeException {
    private final ErrorStatus status;
    private final String field;

    public ServiceException(ErrorStatus status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public ServiceException(ErrorStatus status, String message) {
        this(status, message, null);
    }

    public ErrorStatus status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** A value breaks a rule: the message starts with the field path, then the rule. */
    public static ServiceException invalid(String field, String rule) {
        return new ServiceException(ErrorStatus.INVALID_ARGUMENT, field + ": " + rule, field);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(ErrorStatus.NOT_FOUND, message);
    }

    public static ServiceException unauthenticated(String message) {
        return new ServiceException(ErrorStatus.UNAUTHENTICATED, message);
    }

    public static ServiceException permissionDenied(String message) {
        return new ServiceException(ErrorStatus.PERMISSION_DENIED, message);
    }

    public static ServiceException failedPrecondition(String message) {
        return new ServiceException(ErrorStatus.FAILED_PRECONDITION, message);
    }

    public static ServiceException alreadyExists(String message) {
        return new ServiceException(ErrorStatus.ALREADY_EXISTS, message);
    }

    public static ServiceException quotaExceeded(String message) {
        return new ServiceException(ErrorStatus.QUOTA_EXCEEDED, message);
    }
}
