package nc.container;

import java.util.List;
import java.util.Map;
import nc.disk.AttachedDisk;

/** What a container's wire view needs beyond its own row: group ids and names, its disks and its tags. */
public record ContainerDetails(Map<String, List<String>> groupIds, Map<String, String> groupNames,
        Map<String, List<AttachedDisk>> disks, Map<String, List<nc.disk.Tag>> tags) {
}
