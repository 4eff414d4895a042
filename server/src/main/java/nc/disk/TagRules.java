package nc.disk;

import static nc.error.ServiceException.invalid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The Tag rule of docs/api/vpc-disk.md §1.9: at most 10 per resource, keys distinct, a limited character set. */
public final class TagRules {
    private static final Pattern TAG_TEXT = Pattern.compile("[\\u4E00-\\u9FFFA-Za-z0-9 _.:/=+\\-@]*");
    private static final String TAG_CHARACTERS = "Chinese characters, letters, digits, space and _ . : / = + - @";
    private static final int MAX_TAGS = 10;

    private TagRules() {
    }

    /** Tags: at most 10, distinct keys of 1-127 characters, values of 0-255; absent value is "". */
    public static List<Tag> check(String field, List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid(field, "at most " + MAX_TAGS + " tags");
        }
        Set<String> keys = new HashSet<>();
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String at = field + "[" + i + "]";
            Tag tag = tags.get(i);
            if (tag == null) {
                throw invalid(at, "must not be null");
            }
            String key = tag.key();
            if (key == null || key.isEmpty() || key.length() > 127 || !TAG_TEXT.matcher(key).matches()) {
                throw invalid(at + ".key", "1-127 characters: " + TAG_CHARACTERS);
            }
            String value = tag.value() == null ? "" : tag.value();
            if (value.length() > 255 || !TAG_TEXT.matcher(value).matches()) {
                throw invalid(at + ".value", "0-255 characters: " + TAG_CHARACTERS);
            }
            if (!keys.add(key)) {
                throw invalid(at + ".key", "duplicate key " + key);
            }
            out.add(new Tag(key, value));
        }
        return List.copyOf(out);
    }
}
