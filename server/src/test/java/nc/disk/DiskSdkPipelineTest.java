package nc.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import nc.disk.DiskSdkModel.CreateDisksRequest;
import nc.disk.DiskSdkModel.CreateDisksResponse;
import nc.disk.DiskSdkModel.CreateSnapshotRequest;
import nc.disk.DiskSdkModel.CreateSnapshotResponse;
import nc.disk.DiskSdkModel.DeleteDiskResponse;
import nc.disk.DiskSdkModel.DeleteSnapshotResponse;
import nc.disk.DiskSdkModel.DescribeDiskResponse;
import nc.disk.DiskSdkModel.DescribeDisksRequest;
import nc.disk.DiskSdkModel.DescribeDisksResponse;
import nc.disk.DiskSdkModel.DescribeSnapshotResponse;
import nc.disk.DiskSdkModel.Disk;
import nc.disk.DiskSdkModel.DiskRequest;
import nc.disk.DiskSdkModel.DiskSpec;
import nc.disk.DiskSdkModel.Filter;
import nc.disk.DiskSdkModel.SnapshotRequest;
import nc.disk.DiskSdkModel.SnapshotSpec;
import nc.disk.DiskSdkModel.Sort;
import nc.disk.DiskSdkModel.Tag;
import nc.disk.DiskSdkModel.TagFilter;
import nc.runtime.FakeRuntime;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import nc.testing.VendorSdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JD Cloud's own Java SDK runtime, as a DiskClient, doing the seven disk operations against nc. */
class DiskSdkPipelineTest {
    static TestServer server;
    static VendorSdkClient sdk;
    static DiskCalls disks;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabase.H2, c -> c, new FakeRuntime(), new ScriptedProvisioner());
        sdk = new VendorSdkClient("disk", "127.0.0.1:" + server.server().port(), server.defaultKey().accessKey(), server.defaultKey().secretKey());
        disks = new DiskCalls(server.client());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CreateDisksRequest createDisks(String name, int count, List<Tag> tags) {
        CreateDisksRequest request = new CreateDisksRequest();
        request.regionId = "cn-north-1";
        request.diskSpec = new DiskSpec();
        request.diskSpec.az = "cn-north-1a";
        request.diskSpec.name = name;
        request.diskSpec.diskType = "premium-hdd";
        request.diskSpec.diskSizeGB = 100;
        request.maxCount = count;
        request.clientToken = UUID.randomUUID().toString();
        request.userTags = tags;
        return request;
    }

    private static DiskRequest disk(String id) {
        DiskRequest request = new DiskRequest();
        request.regionId = "cn-north-1";
        request.diskId = id;
        return request;
    }

    private static SnapshotRequest snapshot(String id) {
        SnapshotRequest request = new SnapshotRequest();
        request.regionId = "cn-north-1";
        request.snapshotId = id;
        return request;
    }

    @Test
    void theSdkCreatesListsDescribesAndDeletesDisks() {
        CreateDisksResponse created = sdk.call("POST", "/regions/{regionId}/disks", CreateDisksResponse.class,
                createDisks("data", 2, List.of(new Tag("env", "prod"))));
        assertThat(created.getError()).isNull();
        assertThat(created.getResult().diskIds).hasSize(2);
        sdk.call("POST", "/regions/{regionId}/disks", CreateDisksResponse.class, createDisks("other", 1, List.of(new Tag("env", "dev"))));
        created.getResult().diskIds.forEach(id -> disks.awaitStatus(id, "available"));

        DescribeDisksRequest list = new DescribeDisksRequest();
        list.regionId = "cn-north-1";
        list.pageNumber = 1;
        list.pageSize = 10;
        list.orders = List.of(new Sort("create_time", 0));
        list.tags = List.of(new TagFilter("env", List.of("prod")));
        list.filters = List.of(new Filter("status", List.of("available", "in-use")));
        DescribeDisksResponse listed = sdk.call("GET", "/regions/{regionId}/disks", DescribeDisksResponse.class, list);
        assertThat(listed.getError()).isNull();
        assertThat(listed.getResult().totalCount).isEqualTo(2);
        assertThat(listed.getResult().disks).extracting(d -> d.name).containsExactlyInAnyOrder("data-1", "data-2");
        Disk first = listed.getResult().disks.get(0);
        assertThat(first.attachments).isEmpty();
        assertThat(first.tags.get(0).value).isEqualTo("prod");
        assertThat(first.charge.chargeMode).isEqualTo("postpaid_by_duration");
        assertThat(first.diskSizeGB).isEqualTo(100);

        DescribeDiskResponse described = sdk.call("GET", "/regions/{regionId}/disks/{diskId}", DescribeDiskResponse.class,
                disk(first.diskId));
        assertThat(described.getResult().disk.status).isEqualTo("available");
        assertThat(described.getResult().disk.multiAttachable).isFalse();

        DiskRequest delete = disk(first.diskId);
        delete.putInRecycleBin = false;
        DeleteDiskResponse deleted = sdk.call("DELETE", "/regions/{regionId}/disks/{diskId}", DeleteDiskResponse.class, delete);
        assertThat(deleted.getError()).isNull();
        assertThat(deleted.getRequestId()).hasSize(32);
        disks.awaitStatus(first.diskId, "gone");
    }

    @Test
    void theSdkReadsRefusalsFromTheEnvelope() {
        String id = sdk.call("POST", "/regions/{regionId}/disks", CreateDisksResponse.class, createDisks("kept", 1, null))
                .getResult().diskIds.get(0);
        DiskRequest recycle = disk(id);
        recycle.putInRecycleBin = true;
        DeleteDiskResponse refused = sdk.call("DELETE", "/regions/{regionId}/disks/{diskId}", DeleteDiskResponse.class, recycle);
        assertThat(refused.getResult()).isNull();
        assertThat(refused.getError().getCode()).isEqualTo(400);
        assertThat(refused.getError().getStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.getError().getDetails()[0].get("field")).isEqualTo("putInRecycleBin");

        DescribeDiskResponse missing = sdk.call("GET", "/regions/{regionId}/disks/{diskId}", DescribeDiskResponse.class,
                disk("vol-0000000000"));
        assertThat(missing.getError().getCode()).isEqualTo(404);
        assertThat(missing.getError().getStatus()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theSdkTakesDescribesAndDeletesSnapshots() {
        String id = sdk.call("POST", "/regions/{regionId}/disks", CreateDisksResponse.class, createDisks("snapped", 1, null))
                .getResult().diskIds.get(0);
        disks.awaitStatus(id, "available");
        CreateSnapshotRequest request = new CreateSnapshotRequest();
        request.regionId = "cn-north-1";
        request.clientToken = UUID.randomUUID().toString();
        request.snapshotSpec = new SnapshotSpec();
        request.snapshotSpec.name = "nightly";
        request.snapshotSpec.diskId = id;
        CreateSnapshotResponse created = sdk.call("POST", "/regions/{regionId}/snapshots", CreateSnapshotResponse.class, request);
        assertThat(created.getError()).isNull();
        String snapshotId = created.getResult().snapshotId;
        disks.awaitSnapshotStatus(snapshotId, "available");

        DescribeSnapshotResponse described = sdk.call("GET", "/regions/{regionId}/snapshots/{snapshotId}",
                DescribeSnapshotResponse.class, snapshot(snapshotId));
        assertThat(described.getResult().snapshot.diskId).isEqualTo(id);
        assertThat(described.getResult().snapshot.snapshotSizeGB).isEqualTo(100);
        assertThat(described.getResult().snapshot.images).isEmpty();

        DeleteSnapshotResponse deleted = sdk.call("DELETE", "/regions/{regionId}/snapshots/{snapshotId}",
                DeleteSnapshotResponse.class, snapshot(snapshotId));
        assertThat(deleted.getError()).isNull();
        disks.awaitSnapshotStatus(snapshotId, "gone");
    }
}
