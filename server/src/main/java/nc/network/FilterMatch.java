package nc.network;

import static nc.error.ServiceException.invalid;

import java.util.Set;
import nc.api.Filter;

/** Small helpers for the vpc list filters: exact matches and the "all/standard/edge" kind filters. */
public final class FilterMatch {
    private FilterMatch() {
    }

    /** The value is one of the filter's values. */
    public static boolean exact(Filter f, String value) {
        return value != null && f.values().contains(value);
    }

    /**
     * azType, subnetType, ipType: {@code all} and {@code standard} do not narrow, {@code edge} matches
     * nothing (no edge resources here); any other value is refused.
     */
    public static boolean standardKind(Filter f, String field) {
        String value = f.values().get(0);
        if (!Set.of("all", "standard", "edge").contains(value)) {
            throw invalid(field, "must be all, standard or edge");
        }
        return !value.equals("edge");
    }
}
