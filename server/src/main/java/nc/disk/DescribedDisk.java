package nc.disk;

import java.util.List;

/** A disk with what the disk API shows alongside it: its attachments to containers and its tags. */
public record DescribedDisk(Disk disk, List<Attachment> attachments, List<Tag> tags) {
}
