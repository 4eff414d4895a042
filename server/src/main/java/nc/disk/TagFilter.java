package nc.disk;

import java.util.List;

/** A resource matches when it has {@code key} with one of {@code values} (VPC-DISK-API.md §1.9). */
record TagFilter(String key, List<String> values) {
}
