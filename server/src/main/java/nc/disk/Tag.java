package nc.disk;

/** A resource tag (docs/api/vpc-disk.md §1.9): stored and echoed in the disk's {@code tags}. */
public record Tag(String key, String value) {
}
