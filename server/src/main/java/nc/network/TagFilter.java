package nc.network;

import java.util.List;

/** A resource matches when it has {@code key} with one of {@code values}; several are AND-ed (VPC-DISK-API.md §1.9). */
public record TagFilter(String key, List<String> values) {
}
