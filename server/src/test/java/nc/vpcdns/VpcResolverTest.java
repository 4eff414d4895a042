package nc.vpcdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The VPC resolver on real UDP and TCP sockets of loopback: names of the asking VPC answered,
 * other names relayed from the upstream resolver (here one the test runs on 127.0.0.1, over UDP
 * and TCP), strangers ignored, answers too long for UDP truncated and given whole over TCP, and the
 * TCP side's limits. {@code TenantNetworksTest} shows the same from inside containers.
 */
class VpcResolverTest {
    /** The VPC routers of the test: queries from these loopback addresses are theirs. */
    private static final Map<String, String> ROUTERS = Map.of("127.0.0.1", "vpc-a", "127.0.0.2", "vpc-b", "127.0.0.3", "vpc-c");
    /** nNNN.example.test has NNN addresses upstream; any other name one. */
    private static final Pattern MANY = Pattern.compile("n(\\d+)\\.example\\.test\\.");

    private DatagramSocket upstream;
    private ServerSocket upstreamTcp;
    /** What the upstream was asked, in order: "udp NAME" or "tcp NAME". */
    private final List<String> upstreamAsked = new CopyOnWriteArrayList<>();
    private VpcResolver resolver;

    @BeforeEach
    void start() throws Exception {
        upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        upstreamTcp = new ServerSocket();
        upstreamTcp.bind(new InetSocketAddress("127.0.0.1", upstream.getLocalPort()));
        daemon(this::serveUpstream);
        daemon(this::serveUpstreamTcp);
        resolver = start(VpcResolver.Limits.DEFAULT);
    }

    private VpcResolver start(VpcResolver.Limits limits) throws IOException {
        return VpcResolver.start(new InetSocketAddress("127.0.0.1", 0), new VpcResolver.Directory() {
            @Override
            public Optional<String> vpcOf(InetAddress source) {
                return Optional.ofNullable(ROUTERS.get(source.getHostAddress()));
            }

            @Override
            public Optional<String> addressOf(String vpcId, String hostname) {
                return vpcId.equals("vpc-a") && hostname.equals("web") ? Optional.of("10.0.0.5") : Optional.empty();
            }
        }, List.of(new InetSocketAddress("127.0.0.1", upstream.getLocalPort())), limits);
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    }

    /** The upstream's answer: 192.0.2.7, or 192.0.2.1 ... 192.0.2.NNN for nNNN.example.test. */
    private Message upstreamAnswer(Message q) throws IOException {
        Message a = new Message(q.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        a.addRecord(q.getQuestion(), Section.QUESTION);
        Matcher many = MANY.matcher(q.getQuestion().getName().toString());
        int count = many.matches() ? Integer.parseInt(many.group(1)) : 1;
        for (int i = 1; i <= count; i++) {
            String address = many.matches() ? "192.0.2." + i : "192.0.2.7";
            a.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        }
        return a;
    }

    /** Over UDP, truncated (TC) to what the query says it takes, as a real resolver does. */
    private void serveUpstream() {
        while (!upstream.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                upstream.receive(p);
                Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                upstreamAsked.add("udp " + q.getQuestion().getName());
                OPTRecord opt = q.getOPT();
                byte[] out = upstreamAnswer(q).toWire(opt == null ? 512 : opt.getPayloadSize());
                upstream.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }

    private void serveUpstreamTcp() {
        while (!upstreamTcp.isClosed()) {
            try {
                Socket s = upstreamTcp.accept();
                daemon(() -> {
                    try (s) {
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        DataOutputStream out = new DataOutputStream(s.getOutputStream());
                        while (true) {
                            byte[] query = new byte[in.readUnsignedShort()];
                            in.readFully(query);
                            Message q = new Message(query);
                            upstreamAsked.add("tcp " + q.getQuestion().getName());
                            byte[] answer = upstreamAnswer(q).toWire();
                            out.writeShort(answer.length);
                            out.write(answer);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the client closed
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        resolver.close();
        upstream.close();
        upstreamTcp.close();
    }

    private Message ask(String name) throws Exception {
        SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolver.port()));
        client.setTimeout(Duration.ofSeconds(2));
        return client.send(query(name));
    }

    private static Message query(String name) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
    }

    /** The query with an EDNS0 OPT record saying the client takes UDP answers of this size. */
    private static Message query(String name, int ednsSize) throws IOException {
        Message q = query(name);
        q.addRecord(new OPTRecord(ednsSize, 0, 0), Section.ADDITIONAL);
        return q;
    }

    /** The raw UDP answer (its bytes as sent) to the query from 127.0.0.1. */
    private byte[] udp(Message query) throws IOException {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(3000);
            byte[] out = query.toWire();
            client.send(new DatagramPacket(out, out.length, new InetSocketAddress("127.0.0.1", resolver.port())));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            client.receive(p);
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    /** A TCP connection to the resolver from a loopback address (a VPC router of the test, or a stranger). */
    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", resolver.port()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(Socket s, Message query) throws IOException {
        byte[] out = query.toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
    }

    /** The next answer on the connection; empty when the resolver closed it. */
    private static Optional<Message> receive(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return Optional.of(new Message(answer));
        } catch (EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            return Optional.empty(); // reset by the resolver
        }
    }

    /** The answer to one query over the connection; empty when the resolver closed it instead. */
    private static Optional<Message> askOver(Socket s, String name) throws IOException {
        try {
            send(s, query(name));
        } catch (IOException e) {
            return Optional.empty(); // already closed by the resolver
        }
        return receive(s);
    }

    /** A new connection from 127.0.0.1 is answered again within 5 s (a place was given back). */
    private void awaitRoomForOneMore() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Socket again = connect("127.0.0.1")) {
                return askOver(again, "web").isPresent();
            }
        });
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    private static List<String> addresses(Optional<Message> m) {
        assertThat(m).as("an answer").isPresent();
        return addresses(m.get());
    }

    @Test
    void aContainersNameIsAnsweredInItsVpcAndOtherNamesAreRelayed() throws Exception {
        assertThat(addresses(ask("web"))).containsExactly("10.0.0.5");
        assertThat(addresses(ask("WEB"))).as("names are not case-sensitive").containsExactly("10.0.0.5");
        Message unknown = ask("db");
        assertThat(unknown.getRcode()).as("a name no container of the VPC has").isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(ask("example.test"))).as("any other name, from the host's resolver").containsExactly("192.0.2.7");
        assertThat(upstreamAsked).containsExactly("udp example.test.");
    }

    @Test
    void overTcpSeveralQueriesOnOneConnectionAreAnsweredInOrderAndRelayedOverTcp() throws Exception {
        try (Socket s = connect("127.0.0.1")) {
            Message web = query("web");
            Message db = query("db");
            Message other = query("example.test");
            // pipelined: all three sent before any answer is read
            send(s, web);
            send(s, db);
            send(s, other);
            Message first = receive(s).orElseThrow();
            Message second = receive(s).orElseThrow();
            Message third = receive(s).orElseThrow();
            assertThat(first.getHeader().getID()).isEqualTo(web.getHeader().getID());
            assertThat(addresses(first)).containsExactly("10.0.0.5");
            assertThat(second.getHeader().getID()).isEqualTo(db.getHeader().getID());
            assertThat(second.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(third.getHeader().getID()).isEqualTo(other.getHeader().getID());
            assertThat(addresses(third)).containsExactly("192.0.2.7");
            assertThat(upstreamAsked).as("a query that came over TCP is relayed over TCP").containsExactly("tcp example.test.");
            assertThat(addresses(askOver(s, "web"))).as("the connection stays open for more").containsExactly("10.0.0.5");
        }
        try (Socket s = connect("127.0.0.2")) {
            assertThat(askOver(s, "web").orElseThrow().getRcode()).as("another VPC's router: the name is not its").isEqualTo(Rcode.NXDOMAIN);
        }
    }

    @Test
    void anAnswerTooLongForTheClientsUdpLimitIsTruncatedAndComesWholeOverTcp() throws Exception {
        // 40 addresses: about 700 bytes, more than plain DNS's 512, less than EDNS0's
        byte[] plain = udp(query("n40.example.test"));
        Message truncated = new Message(plain);
        assertThat(truncated.getHeader().getFlag(Flags.TC)).as("truncated, so the client asks again over TCP").isTrue();
        assertThat(plain.length).isLessThanOrEqualTo(512);
        assertThat(addresses(truncated)).as("an RRset is never cut in two: none of it").isEmpty();
        Message withEdns = new Message(udp(query("n40.example.test", 1232)));
        assertThat(withEdns.getHeader().getFlag(Flags.TC)).as("a client that takes 1232 bytes (EDNS0) gets it all over UDP").isFalse();
        assertThat(addresses(withEdns)).hasSize(40);

        // 100 addresses: about 1.6 kB, more than the UDP answers of the upstream and of the resolver
        upstreamAsked.clear();
        byte[] big = udp(query("n100.example.test"));
        assertThat(new Message(big).getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(big.length).isLessThanOrEqualTo(512);
        assertThat(upstreamAsked).as("the upstream's truncated UDP answer asked again over TCP")
                .containsExactly("udp n100.example.test.", "tcp n100.example.test.");
        byte[] bigWithEdns = udp(query("n100.example.test", 4096));
        assertThat(new Message(bigWithEdns).getHeader().getFlag(Flags.TC)).as("a client that says it takes 4096 bytes still gets at most 1232 over UDP (no IP fragments)").isTrue();
        assertThat(bigWithEdns.length).isLessThanOrEqualTo(VpcResolver.UDP_MAX);

        // the client's retry over TCP
        upstreamAsked.clear();
        try (Socket s = connect("127.0.0.1")) {
            Message whole = askOver(s, "n100.example.test").orElseThrow();
            assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                expected.add("192.0.2." + i);
            }
            assertThat(addresses(whole)).containsExactlyElementsOf(expected);
        }
        assertThat(upstreamAsked).containsExactly("tcp n100.example.test.");
        SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", resolver.port()));
        client.setTimeout(Duration.ofSeconds(3));
        assertThat(addresses(client.send(query("n100.example.test")))).as("a stock client (dnsjava) retries over TCP by itself").hasSize(100);
    }

    @Test
    void queriesFromAnythingButAVpcRouterAreNotAnswered() throws Exception {
        try (Socket s = connect("127.0.0.9")) {
            assertThat(askOver(s, "web")).as("over TCP: closed without an answer").isEmpty();
        }
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

    @Test
    void aTcpClientGetsLimitedConnectionsPerRouterAndInAllAndNoRoomForLongQueries() throws Exception {
        resolver.close();
        resolver = start(new VpcResolver.Limits(3, 2, Duration.ofSeconds(20), 100));
        try (Socket a1 = connect("127.0.0.1"); Socket a2 = connect("127.0.0.1")) {
            assertThat(addresses(askOver(a1, "web"))).containsExactly("10.0.0.5");
            assertThat(addresses(askOver(a2, "web"))).containsExactly("10.0.0.5");
            try (Socket a3 = connect("127.0.0.1")) {
                assertThat(askOver(a3, "web")).as("a third connection of one router is closed unanswered").isEmpty();
            }
            try (Socket b = connect("127.0.0.2")) {
                assertThat(askOver(b, "web")).as("another VPC's router still gets an answer").isPresent();
                try (Socket c = connect("127.0.0.3")) {
                    assertThat(askOver(c, "web")).as("a fourth connection in all is closed unanswered").isEmpty();
                }
            }
            a2.close();
            awaitRoomForOneMore();
            assertThat(addresses(askOver(a1, "web"))).as("connections within the limits kept their service").containsExactly("10.0.0.5");
            try (Socket s1 = connect("127.0.0.9"); Socket s2 = connect("127.0.0.9"); Socket b = connect("127.0.0.2")) {
                assertThat(askOver(b, "web")).as("strangers' connections (before it) take no place").isPresent();
            }
        }

        try (Socket s = connect("127.0.0.1")) {
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            o.writeShort(65535);
            o.flush();
            assertThat(receive(s)).as("a query announced longer than 100 bytes: closed before it is sent").isEmpty();
        }
        try (Socket s = connect("127.0.0.1")) {
            assertThat(askOver(s, "a-name-long-enough-to-make-this-query-longer-than-one-hundred-bytes.of-a-domain.example.test"))
                    .as("a query longer than 100 bytes").isEmpty();
            assertThat(upstreamAsked).isEmpty();
        }
        try (Socket s = connect("127.0.0.1")) {
            assertThat(addresses(askOver(s, "web"))).containsExactly("10.0.0.5");
        }
    }

    @Test
    void anIdleTcpConnectionIsClosedAndGivesBackItsPlace() throws Exception {
        resolver.close();
        resolver = start(new VpcResolver.Limits(8, 1, Duration.ofMillis(500), 4096));
        long started = System.nanoTime();
        try (Socket idle = connect("127.0.0.1")) {
            assertThat(addresses(askOver(idle, "web"))).containsExactly("10.0.0.5");
            assertThat(receive(idle)).as("closed by the resolver after 0.5 s without a query").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
        try (Socket trickling = connect("127.0.0.1")) {
            // a 40-byte query sent a byte every 0.2 s: each read is quick, the whole query too slow
            DataOutputStream o = new DataOutputStream(trickling.getOutputStream());
            o.writeShort(40);
            long sent = System.nanoTime();
            boolean closedWhileSending = false;
            while (!closedWhileSending && System.nanoTime() - sent < Duration.ofSeconds(3).toNanos()) {
                try {
                    o.write(0);
                    o.flush();
                    Thread.sleep(200); // the client's pace is what is tested
                } catch (IOException e) {
                    closedWhileSending = true;
                }
            }
            assertThat(closedWhileSending).as("a query sent too slowly is not waited for: closed after 0.5 s, not after its 8 s").isTrue();
        }
        awaitRoomForOneMore();
    }
}
