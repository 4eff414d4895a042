package nc.disk;

import com.jdcloud.sdk.service.JdcloudRequest;
import com.jdcloud.sdk.service.JdcloudResponse;
import com.jdcloud.sdk.service.JdcloudResult;
import java.util.List;

/** Request and response shapes of the disk SDK 0.12.8 that the pipeline test uses (field names as on the wire). */
public final class DiskSdkModel {
    private DiskSdkModel() {
    }

    public static class ChargeSpec {
        public String chargeMode;
        public String chargeUnit;
        public Integer chargeDuration;
    }

    public static class DiskSpec {
        public String az;
        public String name;
        public String description;
        public String diskType;
        public Integer diskSizeGB;
        public String snapshotId;
        public ChargeSpec charge;
        public Boolean multiAttachable;
        public Boolean encrypt;
    }

    public static class Tag {
        public String key;
        public String value;

        public Tag() {
        }

        Tag(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    public static class Filter {
        public String name;
        public String operator;
        public List<String> values;

        Filter(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    public static class TagFilter {
        public String key;
        public List<String> values;

        TagFilter(String key, List<String> values) {
            this.key = key;
            this.values = values;
        }
    }

    /** The disk SDK's own Sort: direction is an integer. */
    public static class Sort {
        public String name;
        public Integer direction;

        Sort(String name, Integer direction) {
            this.name = name;
            this.direction = direction;
        }
    }

    public static class Charge {
        public String chargeMode;
        public String chargeStatus;
        public String chargeStartTime;
        public String chargeExpiredTime;
    }

    public static class DiskAttachment {
        public String attachmentId;
        public String diskId;
        public String instanceType;
        public String instanceId;
        public String status;
        public String attachTime;
    }

    public static class Disk {
        public String diskId;
        public String az;
        public String name;
        public String description;
        public String diskType;
        public Integer diskSizeGB;
        public String status;
        public List<DiskAttachment> attachments;
        public String snapshotId;
        public Boolean multiAttachable;
        public Boolean encrypted;
        public String createTime;
        public Charge charge;
        public List<Tag> tags;
    }

    public static class Snapshot {
        public String snapshotId;
        public String snapshotSource;
        public String diskId;
        public Integer snapshotSizeGB;
        public List<String> images;
        public String name;
        public String description;
        public String status;
        public String createTime;
        public Boolean encrypted;
    }

    public static class RegionRequest extends JdcloudRequest {
        public String regionId;

        @Override
        public String getRegionId() {
            return regionId;
        }
    }

    public static class CreateDisksRequest extends RegionRequest {
        public DiskSpec diskSpec;
        public Integer maxCount;
        public String clientToken;
        public List<Tag> userTags;
    }

    public static class CreateDisksResult extends JdcloudResult {
        public List<String> diskIds;
    }

    public static class CreateDisksResponse extends JdcloudResponse<CreateDisksResult> {
    }

    public static class DescribeDisksRequest extends RegionRequest {
        public Integer pageNumber;
        public Integer pageSize;
        public List<Sort> orders;
        public List<TagFilter> tags;
        public List<Filter> filters;
    }

    public static class DescribeDisksResult extends JdcloudResult {
        public List<Disk> disks;
        public Integer totalCount;
    }

    public static class DescribeDisksResponse extends JdcloudResponse<DescribeDisksResult> {
    }

    public static class DiskRequest extends RegionRequest {
        public String diskId;
        public Boolean putInRecycleBin;

        public String getDiskId() {
            return diskId;
        }
    }

    public static class DescribeDiskResult extends JdcloudResult {
        public Disk disk;
    }

    public static class DescribeDiskResponse extends JdcloudResponse<DescribeDiskResult> {
    }

    public static class DeleteDiskResponse extends JdcloudResponse<JdcloudResult> {
    }

    public static class SnapshotSpec {
        public String name;
        public String description;
        public String diskId;
    }

    public static class CreateSnapshotRequest extends RegionRequest {
        public SnapshotSpec snapshotSpec;
        public String clientToken;
    }

    public static class CreateSnapshotResult extends JdcloudResult {
        public String snapshotId;
    }

    public static class CreateSnapshotResponse extends JdcloudResponse<CreateSnapshotResult> {
    }

    public static class SnapshotRequest extends RegionRequest {
        public String snapshotId;

        public String getSnapshotId() {
            return snapshotId;
        }
    }

    public static class DescribeSnapshotResult extends JdcloudResult {
        public Snapshot snapshot;
    }

    public static class DescribeSnapshotResponse extends JdcloudResponse<DescribeSnapshotResult> {
    }

    public static class DeleteSnapshotResponse extends JdcloudResponse<JdcloudResult> {
    }
}
