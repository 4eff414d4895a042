package nc.vpcdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The VPC resolver on real UDP sockets of loopback: names of the asking VPC answered, other names
 * relayed from the upstream resolver (here one the test runs on 127.0.0.1), strangers ignored.
 * {@code TenantNetworksTest} shows the same from inside containers.
 */
class VpcResolverTest {
    private DatagramSocket upstream;
    private Thread upstreamThread;
    private VpcResolver resolver;

    @BeforeEach
    void start() throws Exception {
        upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        upstreamThread = new Thread(this::serveUpstream);
        upstreamThread.setDaemon(true);
        upstreamThread.start();
        resolver = VpcResolver.start(new InetSocketAddress("127.0.0.1", 0), new VpcResolver.Directory() {
            @Override
            public Optional<String> vpcOf(InetAddress source) {
                return source.getHostAddress().equals("127.0.0.1") ? Optional.of("vpc-a") : Optional.empty();
            }

            @Override
            public Optional<String> addressOf(String vpcId, String hostname) {
                return vpcId.equals("vpc-a") && hostname.equals("web") ? Optional.of("10.0.0.5") : Optional.empty();
            }
        }, List.of(new InetSocketAddress("127.0.0.1", upstream.getLocalPort())));
    }

    /** Answers every A query with 192.0.2.7. */
    private void serveUpstream() {
        while (!upstream.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                upstream.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message a = new Message(q.getHeader().getID());
                a.getHeader().setFlag(Flags.QR);
                a.addRecord(q.getQuestion(), Section.QUESTION);
                a.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.7")), Section.ANSWER);
                byte[] out = a.toWire();
                upstream.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() {
        resolver.close();
        upstream.close();
    }

    private Message ask(String name) throws Exception {
        SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolver.port()));
        client.setTimeout(Duration.ofSeconds(2));
        return client.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    @Test
    void aContainersNameIsAnsweredInItsVpcAndOtherNamesAreRelayed() throws Exception {
        assertThat(addresses(ask("web"))).containsExactly("10.0.0.5");
        assertThat(addresses(ask("WEB"))).as("names are not case-sensitive").containsExactly("10.0.0.5");
        Message unknown = ask("db");
        assertThat(unknown.getRcode()).as("a name no container of the VPC has").isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(ask("example.test"))).as("any other name, from the host's resolver").containsExactly("192.0.2.7");
    }

    @Test
    void queriesFromAnythingButAVpcRouterAreNotAnswered() throws Exception {
        resolver.close();
        resolver = VpcResolver.start(new InetSocketAddress("127.0.0.1", 0), new VpcResolver.Directory() {
            @Override
            public Optional<String> vpcOf(InetAddress source) {
                return Optional.empty();
            }

            @Override
            public Optional<String> addressOf(String vpcId, String hostname) {
                return Optional.of("10.0.0.5");
            }
        }, List.of());
        assertThatThrownBy(() -> ask("web")).isInstanceOf(java.io.IOException.class);
    }
}
