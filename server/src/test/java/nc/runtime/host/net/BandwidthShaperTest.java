package nc.runtime.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.runtime.host.net.NetLab.Box;
import nc.runtime.host.net.NetLab.Net;
import nc.testing.Engine;
import nc.testing.Throughput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bandwidth limits on a container's veth, measured with bounded TCP transfers between the host
 * and the container (busybox nc inside), timed at the receiving end, each about 2.5 seconds, at 1, 2, 10 and 20 Mbit/s.
 */
class BandwidthShaperTest {
    private static final double SECONDS_PER_TRANSFER = 2.5;
    private static NetLab lab;
    private static Net n1;
    private static Box s;

    @BeforeAll
    static void lab() {
        lab = NetLab.open();
        n1 = lab.network("n1");
        s = lab.box("s", n1, 10, List.of());
    }

    @AfterAll
    static void cleanUp() {
        if (lab != null) {
            lab.close();
            assertThat(lab.host.artefacts()).isEmpty();
        }
    }

    @Test
    void theContainersHostVethIsFoundThroughItsIflink() {
        String veth = HostInterfaces.hostVethOf(lab.pid(s), "eth0");
        assertThat(veth).startsWith("veth");
        String master = NetLab.sh("ip", "-o", "link", "show", "dev", veth);
        assertThat(master).contains("master " + n1.bridge());
        String peer = lab.exec(s, "cat /sys/class/net/eth0/iflink").strip();
        assertThat(NetLab.sh("cat", "/sys/class/net/" + veth + "/ifindex").strip()).isEqualTo(peer);
    }

    @Test
    void throughputFollowsTheLimitInBothDirections() throws Exception {
        String veth = HostInterfaces.hostVethOf(lab.pid(s), "eth0");
        BandwidthShaper shaper = lab.host.bandwidth();
        double freeDown = fromContainer(5_000_000);
        double freeUp = toContainer(5_000_000);
        System.err.printf("[measure] unshaped: container->host %.1f Mbit/s, host->container %.1f Mbit/s%n", freeDown, freeUp);

        for (int mbps : List.of(1, 2, 10, 20)) {
            shaper.shape(veth, mbps);
            assertThat(shaper.shaped()).containsEntry(veth, mbps);
            int bytes = (int) (mbps * 1_000_000 / 8 * SECONDS_PER_TRANSFER);
            double down = fromContainer(bytes);
            double up = toContainer(bytes);
            System.err.printf("[measure] limit %d Mbit/s: container->host %.2f Mbit/s (%+.0f%%), host->container %.2f Mbit/s (%+.0f%%), %d bytes each%n",
                    mbps, down, (down / mbps - 1) * 100, up, (up / mbps - 1) * 100, bytes);
            assertThat(down).as("from the container at %d Mbit/s", mbps).isBetween(mbps * 0.8, mbps * 1.2);
            assertThat(up).as("to the container at %d Mbit/s", mbps).isBetween(mbps * 0.8, mbps * 1.2);
        }
        assertThat(freeDown).as("the limits, not the machine, set the pace").isGreaterThan(20 * 1.2);
        assertThat(freeUp).isGreaterThan(20 * 1.2);

        shaper.unshape(veth);
        assertThat(shaper.shaped()).isEmpty();
        assertThat(shaper.listRules()).isEmpty();
        assertThat(NetLab.sh("tc", "qdisc", "show", "dev", veth)).doesNotContain(BandwidthShaper.HANDLE + ":").doesNotContain("ingress");
        assertThat(HostInterfaces.exists(shaper.ifbOf(veth))).isFalse();
    }

    @Test
    void theSweepRemovesDevicesOfVanishedContainersAndKeepsTheOthers() {
        Box gone = lab.box("gone", n1, 20, List.of());
        String goneVeth = HostInterfaces.hostVethOf(lab.pid(gone), "eth0");
        String keptVeth = HostInterfaces.hostVethOf(lab.pid(s), "eth0");
        BandwidthShaper shaper = lab.host.bandwidth();
        shaper.shape(goneVeth, 5);
        shaper.shape(keptVeth, 7);
        shaper.shape(keptVeth, 8);
        assertThat(shaper.shaped()).isEqualTo(Map.of(goneVeth, 5, keptVeth, 8));

        Engine.docker("rm", "-f", lab.containerName(gone));
        await().atMost(Duration.ofSeconds(10)).until(() -> !HostInterfaces.exists(goneVeth));
        assertThat(HostInterfaces.exists(shaper.ifbOf(goneVeth))).as("the IFB outlives its veth").isTrue();

        shaper.unshapeAllExcept(Set.of(keptVeth));

        assertThat(shaper.shaped()).isEqualTo(Map.of(keptVeth, 8));
        assertThat(HostInterfaces.exists(shaper.ifbOf(goneVeth))).isFalse();
        shaper.unshapeAllExcept(Set.of());
        assertThat(shaper.listRules()).isEmpty();
    }

    // ---- transfers ----------------------------------------------------------------------------------

    /** Megabits per second of {@code bytes} sent by the container to a listener on the host, timed first byte to EOF. */
    private static double fromContainer(int bytes) throws Exception {
        int whole = bytes / 1000 * 1000;
        return Throughput.received(n1.gateway(), whole, port -> lab.exec(s, Throughput.sendCommand(whole, n1.gateway(), port)));
    }

    /** Megabits per second of {@code bytes} sent by the host to a listener in the container, timed to the container's close. */
    private static double toContainer(int bytes) {
        int port = 5001;
        lab.execDetached(s, Throughput.sinkCommand(port));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.exec(s, "netstat -ltn").contains(":" + port + " "));
        try {
            return Throughput.sent(new InetSocketAddress(s.ip(), port), bytes);
        } finally {
            lab.exec(s, "killall tail 2>/dev/null; true");
        }
    }
}
