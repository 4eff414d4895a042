package nc.api;

/** pageNumber and pageSize of the list calls (docs/api/nc.md §7): number ≥ 1, size 10–100, default 20. */
public record Page(int number, int size) {
    public static final int DEFAULT_SIZE = 20;

    public static Page from(QueryParams query) {
        int number = query.integer("pageNumber", 1, 1, Integer.MAX_VALUE);
        int size = query.integer("pageSize", DEFAULT_SIZE, 10, 100);
        return new Page(number, size);
    }

    public long offset() {
        return (long) (number - 1) * size;
    }
}
