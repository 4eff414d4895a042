package nc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import nc.runtime.EngineContainer;
import nc.runtime.EngineContainer.VolumeMount;
import org.junit.jupiter.api.Test;

/** The engine's create request for disks: binds of host folders, named volumes, and the root filesystem size. */
class CreateRequestTest {
    private static final long GIB = 1L << 30;
    /** Only builds requests: nothing is sent, so no engine needs to answer. */
    private static final DockerClient DOCKER = DockerClientImpl.getInstance(
            new DefaultDockerClientConfig.Builder().withDockerHost("unix:///tmp/nowhere.sock").build(),
            new ZerodepDockerHttpClient.Builder().dockerHost(URI.create("unix:///tmp/nowhere.sock")).build());

    private static EngineContainer container(List<VolumeMount> mounts, long rootFsBytes) {
        return new EngineContainer("c", "image:1", null, null, List.of(), null, List.of(), false, null, 0, 0, null, null, null,
                mounts, Map.of(), 0, rootFsBytes);
    }

    @Test
    void hostFoldersAreBindsAndNamedVolumesStayVolumes() {
        CreateContainerCmd cmd = CreateRequest.of(DOCKER, container(List.of(
                VolumeMount.bind("/var/lib/nc/disks/nc-x/mnt/vol-a", "/data", false),
                new VolumeMount("nc-vol-b", "/ro", true)), 0), true);

        var mounts = cmd.getHostConfig().getMounts();
        assertThat(mounts).hasSize(2);
        assertThat(mounts.get(0).getType()).isEqualTo(MountType.BIND);
        assertThat(mounts.get(0).getSource()).isEqualTo("/var/lib/nc/disks/nc-x/mnt/vol-a");
        assertThat(mounts.get(0).getTarget()).isEqualTo("/data");
        assertThat(mounts.get(0).getReadOnly()).isFalse();
        assertThat(mounts.get(1).getType()).isEqualTo(MountType.VOLUME);
        assertThat(mounts.get(1).getSource()).isEqualTo("nc-vol-b");
        assertThat(mounts.get(1).getReadOnly()).isTrue();
    }

    @Test
    void theRootVolumeSizeIsAStorageOptionOnlyWhereTheEngineTakesOne() {
        assertThat(CreateRequest.of(DOCKER, container(List.of(), 10 * GIB), true).getHostConfig().getStorageOpt())
                .isEqualTo(Map.of("size", Long.toString(10 * GIB)));
        assertThat(CreateRequest.of(DOCKER, container(List.of(), 10 * GIB), false).getHostConfig().getStorageOpt()).isNull();
        assertThat(CreateRequest.of(DOCKER, container(List.of(), 0), true).getHostConfig().getStorageOpt()).isNull();
    }
}
