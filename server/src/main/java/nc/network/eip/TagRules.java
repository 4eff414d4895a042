package nc.network.eip;

import static nc.error.ServiceException.invalid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Tag rules of docs/api/vpc-disk.md §1.9: at most 10, distinct keys, key 1–127 and value 0–255 characters of a fixed set. */
final class TagRules {
    private static final Pattern CHARACTERS = Pattern.compile("[\\x{4E00}-\\x{9FFF}A-Za-z0-9 _.:/=+\\-@]*");
    private static final String ALLOWED = "Chinese characters, letters, digits, space and _ . : / = + - @";

    private TagRules() {
    }

    static List<Tag> check(String field, List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > 10) {
            throw invalid(field, "at most 10 tags");
        }
        Set<String> keys = new HashSet<>();
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String entry = field + "[" + i + "]";
            Tag t = tags.get(i);
            if (t == null) {
                throw invalid(entry, "must not be null");
            }
            String key = t.key();
            if (key == null || key.isEmpty() || length(key) > 127 || !CHARACTERS.matcher(key).matches()) {
                throw invalid(entry + ".key", "required: 1-127 characters: " + ALLOWED);
            }
            String value = t.value() == null ? "" : t.value();
            if (length(value) > 255 || !CHARACTERS.matcher(value).matches()) {
                throw invalid(entry + ".value", "0-255 characters: " + ALLOWED);
            }
            if (!keys.add(key)) {
                throw invalid(entry + ".key", "tag key " + key + " appears twice");
            }
            out.add(new Tag(key, value));
        }
        return out;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
