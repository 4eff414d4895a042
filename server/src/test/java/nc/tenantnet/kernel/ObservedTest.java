package nc.tenantnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One listing of a router, as {@code ip -o -4 -batch} (links, addresses, rules in one process) and the rest print it. */
class ObservedTest {
    private static final String ROUTER = String.join("\n",
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
            "2: t0@if41: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0",
            "3: b1a2b3c4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff",
            "4: vabcdefg123@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop master b1a2b3c4 state DOWN mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 1",
            "2: t0    inet 169.254.130.7/32 scope global t0\\       valid_lft forever preferred_lft forever",
            "3: b1a2b3c4    inet 10.0.1.1/24 scope global b1a2b3c4\\       valid_lft forever preferred_lft forever",
            "0:\tfrom all lookup local",
            "100:\tfrom all fwmark 0/0x1 iif b1a2b3c4 blackhole",
            "100:\tfrom all fwmark 0/0x1 iif t0 blackhole",
            "32766:\tfrom all lookup main",
            "");

    @Test
    void linksAddressesAndRulesAreToldApartInOneListing() {
        Observed seen = Observed.parse(ROUTER + "@@\n" + "198.51.100.7 via 169.254.130.7 dev nt1 onlink\n@@\nclass htb 1:10 root rate 5Mbit\n@@\n"
                + "table inet nc {\n}\n");

        assertThat(seen.links()).containsOnlyKeys("lo", "t0", "b1a2b3c4", "vabcdefg123");
        assertThat(seen.links().get("vabcdefg123")).isEqualTo(new Observed.Link("vabcdefg123", false, "b1a2b3c4"));
        assertThat(seen.links().get("b1a2b3c4").up()).isTrue();
        assertThat(seen.addresses()).containsOnlyKeys("t0", "b1a2b3c4");
        assertThat(seen.addresses().get("b1a2b3c4")).containsExactly("10.0.1.1/24");
        assertThat(seen.blackholed()).containsExactlyInAnyOrder("b1a2b3c4", "t0");
        assertThat(seen.hostRoutes()).contains("198.51.100.7 via 169.254.130.7");
        assertThat(seen.hostClasses()).isEqualTo(1);
        assertThat(seen.rulesetHash()).isEqualTo("table inet nc {\n}\n".hashCode());
    }

    @Test
    void aListingWithoutTheHostSideHasNoRoutesAndNoClasses() {
        Observed seen = Observed.parse(ROUTER + "@@\n@@\n@@\n" + "table inet nc {\n}\n");

        assertThat(seen.hostRoutes()).isBlank();
        assertThat(seen.hostClasses()).isZero();
        assertThat(seen.blackholed()).hasSize(2);
    }
}
