package nc.runtime.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nc.runtime.host.net.NetLab.Box;
import nc.runtime.host.net.NetLab.Net;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Containers of one VPC reach each other across its subnets; containers of different VPCs never
 * do. VPC 1 = subnets n1 (boxes a, a2) and n2 (box b); VPC 2 = subnet n3 (box c). Every box
 * answers its name on TCP 7000.
 */
class VpcIsolationTest {
    private static final int PORT = 7000;
    private static NetLab lab;
    private static Box a;
    private static Box a2;
    private static Box b;
    private static Box c;
    private static Net n1;
    private static Net n2;
    private static Net n3;

    @BeforeAll
    static void lab() {
        lab = NetLab.open();
        n1 = lab.network("n1");
        n2 = lab.network("n2");
        n3 = lab.network("n3");
        a = lab.box("a", n1, 10, List.of(PORT));
        a2 = lab.box("a2", n1, 11, List.of(PORT));
        b = lab.box("b", n2, 10, List.of(PORT));
        c = lab.box("c", n3, 10, List.of(PORT));
    }

    @AfterAll
    static void cleanUp() {
        if (lab != null) {
            lab.close();
            assertThat(lab.host.artefacts()).isEmpty();
        }
    }

    @Test
    void subnetsOfOneVpcReachEachOtherAndOtherVpcsStayIsolated() {
        // Docker alone: one subnet is one island
        assertThat(lab.tcpReachable(a, PORT, a2, b, c)).containsExactly("a2");

        lab.host.firewall().connectVpc("vpc-one", List.of(n1.bridge(), n2.bridge()));
        lab.host.firewall().connectVpc("vpc-two", List.of(n3.bridge()));

        assertThat(lab.tcpReachable(a, PORT, a2, b, c)).containsExactlyInAnyOrder("a2", "b");
        assertThat(lab.tcpReachable(b, PORT, a, a2, c)).containsExactlyInAnyOrder("a", "a2");
        assertThat(lab.tcpReachable(c, PORT, a, a2, b)).isEmpty();
        assertThat(lab.pingable(a, a2, b, c)).containsExactlyInAnyOrder("a2", "b");
        assertThat(lab.pingable(c, a, b)).isEmpty();
        System.err.println("[measure] isolation matrix (TCP): a->{a2,b,c} " + lab.tcpReachable(a, PORT, a2, b, c)
                + ", b->{a,a2,c} " + lab.tcpReachable(b, PORT, a, a2, c) + ", c->{a,a2,b} " + lab.tcpReachable(c, PORT, a, a2, b));

        // connecting again with fewer subnets replaces, it does not add
        lab.host.firewall().connectVpc("vpc-one", List.of(n1.bridge()));
        assertThat(lab.tcpReachable(a, PORT, a2, b)).containsExactly("a2");
        lab.host.firewall().connectVpc("vpc-one", List.of(n1.bridge(), n2.bridge()));
        assertThat(lab.tcpReachable(b, PORT, a)).containsExactly("a");

        lab.host.firewall().disconnectVpc("vpc-one");
        assertThat(lab.tcpReachable(a, PORT, a2, b, c)).containsExactly("a2");
        assertThat(lab.host.firewall().listRules()).noneMatch(l -> l.contains(lab.host.firewall().vpcChain("vpc-one")));

        lab.host.firewall().disconnectAllVpcsExcept(java.util.Set.of());
        assertThat(lab.host.firewall().listRules()).noneMatch(l -> l.contains(lab.scope.chain("V-")));
    }

    @Test
    void aBridgeNamedForAnotherVpcLeavesItsOldVpc() {
        lab.host.firewall().connectVpc("vpc-x", List.of(n1.bridge(), n2.bridge()));
        assertThat(lab.tcpReachable(a, PORT, b)).containsExactly("b");

        lab.host.firewall().connectVpc("vpc-y", List.of(n2.bridge(), n3.bridge()));

        assertThat(lab.tcpReachable(a, PORT, b, c)).isEmpty();
        assertThat(lab.tcpReachable(b, PORT, c)).containsExactly("c");
        lab.host.firewall().disconnectAllVpcsExcept(java.util.Set.of());
        assertThat(lab.tcpReachable(b, PORT, a, c)).isEmpty();
    }
}
