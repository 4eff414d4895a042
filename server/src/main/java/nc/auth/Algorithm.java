package nc.auth;

/** The two signature variants of docs/api/nc.md §2.1 and §2.2. */
public enum Algorithm {
    JDCLOUD2("JDCLOUD2-HMAC-SHA256", "JDCLOUD2", "jdcloud2_request", true),
    JDCLOUD3("JDCLOUD3-HMAC-SHA256", "JDCLOUD3", "jdcloud3_request", false);

    private final String headerName;
    private final String keyPrefix;
    private final String terminator;
    private final boolean collapsesHeaderWhitespace;

    Algorithm(String headerName, String keyPrefix, String terminator, boolean collapsesHeaderWhitespace) {
        this.headerName = headerName;
        this.keyPrefix = keyPrefix;
        this.terminator = terminator;
        this.collapsesHeaderWhitespace = collapsesHeaderWhitespace;
    }

    public String headerName() {
        return headerName;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public String terminator() {
        return terminator;
    }

    public boolean collapsesHeaderWhitespace() {
        return collapsesHeaderWhitespace;
    }

    static Algorithm byHeaderName(String name) {
        for (Algorithm a : values()) {
            if (a.headerName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
