package nc.network;

import static nc.error.ServiceException.invalid;

import java.util.regex.Pattern;

/** The shared text rules of docs/api/vpc-disk.md §1.9: N32 names and D256 descriptions. */
public final class TextRules {
    private static final Pattern N32 = Pattern.compile("[\\x{4E00}-\\x{9FFF}A-Za-z0-9_-]{1,32}");
    private static final String N32_RULE = "1-32 characters: Chinese characters, letters, digits, '_' and '-'";

    private TextRules() {
    }

    /** N32: required, 1–32 code points, each a CJK ideograph, an ASCII letter, a digit, '_' or '-'. */
    public static String name(String field, String value) {
        if (value == null) {
            throw invalid(field, "required: " + N32_RULE);
        }
        if (!N32.matcher(value).matches()) {
            throw invalid(field, N32_RULE);
        }
        return value;
    }

    /** D256: 0–256 characters; absent is "". */
    public static String description(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.codePointCount(0, value.length()) > 256) {
            throw invalid(field, "at most 256 characters");
        }
        return value;
    }

    /** Later SDKs send resourceGroupId: resource groups are not supported, so only absent or "" passes. */
    public static void noResourceGroup(String field, String value) {
        if (value != null && !value.isEmpty()) {
            throw invalid(field, "resource groups are not supported; leave it empty");
        }
    }
}
