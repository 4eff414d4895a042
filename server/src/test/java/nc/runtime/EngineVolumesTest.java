package nc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.runtime.DiskVolumes.Attached;
import nc.runtime.DiskVolumes.Volume;
import org.junit.jupiter.api.Test;

/** The fallback where no host folder can be bound: a disk is the engine volume nc-<diskId>. */
class EngineVolumesTest {
    private final FakeRuntime engine = new FakeRuntime();
    private final EngineVolumes volumes = new EngineVolumes(engine, "nc.owner", "nc-me");

    @Test
    void aDiskIsALabelledEngineVolumeMountedByName() {
        Attached attached = volumes.attach(new Volume("vol-a", 20, "xfs"));

        assertThat(attached.hostPath()).isFalse();
        assertThat(attached.fresh()).isFalse();
        assertThat(attached.at("/data", true)).isEqualTo(new EngineContainer.VolumeMount("nc-vol-a", "/data", true));
        assertThat(engine.volumesByLabel("nc.owner", "nc-me")).containsExactly("nc-vol-a");
        assertThat(engine.volumesByLabel("nc.disk", "vol-a")).containsExactly("nc-vol-a");
    }

    @Test
    void formattingEmptiesTheVolumeAndDestroyRemovesIt() {
        engine.ensureVolume("nc-vol-a", Map.of("nc.owner", "nc-me", "marker", "old"));
        volumes.attach(new Volume("vol-a", 20, "xfs"));
        assertThat(engine.volumesByLabel("marker", "old")).as("attached as it is").containsExactly("nc-vol-a");
        volumes.formatOnNextAttach("vol-a");
        volumes.attach(new Volume("vol-a", 20, "xfs"));
        assertThat(engine.volumesByLabel("marker", "old")).isEmpty();
        assertThat(engine.volumesByLabel("nc.disk", "vol-a")).containsExactly("nc-vol-a");

        volumes.detach("vol-a");
        assertThat(engine.volumesByLabel("nc.owner", "nc-me")).containsExactly("nc-vol-a");
        volumes.destroy("vol-a");
        volumes.destroy("vol-a");
        assertThat(engine.volumesByLabel("nc.owner", "nc-me")).isEmpty();
    }

    @Test
    void theSweepRemovesTheVolumesOfDisksThatNoLongerExistAndOnlyThisInstallations() {
        volumes.attach(new Volume("vol-kept", 20, "xfs"));
        volumes.attach(new Volume("vol-gone", 20, "xfs"));
        engine.ensureVolume("nc-vol-other", Map.of("nc.owner", "nc-someone-else"));

        volumes.sweep(Set.of("vol-kept")::contains, id -> false);

        assertThat(engine.volumesByLabel("nc.owner", "nc-me")).isEqualTo(List.of("nc-vol-kept"));
        assertThat(engine.volumesByLabel("nc.owner", "nc-someone-else")).containsExactly("nc-vol-other");
    }
}
