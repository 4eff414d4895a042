package nc.vpcdns;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The VPC resolver, as a cloud's: every container's resolver is its subnet's gateway, whose DNS
 * queries the VPC's router hands to this resolver on the host, over UDP and over TCP on the same
 * port number. A single-label name (no dot) is a container's hostname in the asking VPC and
 * nowhere else: its private address, or NXDOMAIN. Every other name is asked of the host's own
 * resolvers (those of {@code /etc/resolv.conf}, or the ones given) and their answer relayed: over
 * TCP when the query came over TCP or the upstream's UDP answer was truncated. An answer over UDP
 * longer than the client takes (512 bytes, or its EDNS0 size up to {@link #UDP_MAX}) is truncated
 * with TC set, so the client asks again over TCP (RFC 7766). Queries from anywhere but a VPC
 * router are not answered.
 */
public final class VpcResolver implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VpcResolver.class);
    private static final long TTL = 5;
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);
    /** The longest answer sent over UDP whatever the client's EDNS0 size (DNS Flag Day 2020: no IP fragments). */
    static final int UDP_MAX = 1232;
    private static final int UDP_PLAIN = 512;
    private static final int TCP_MAX = 65535;
    private static final int BIND_ATTEMPTS = 20;
    private static final int UDP_BACKLOG = 1024;

    /**
     * What a TCP client may take: connections in all and per client address (a VPC's router), how
     * long a connection may stay idle or take to send one query, and the longest query.
     */
    public record Limits(int connections, int connectionsPerClient, Duration idleTimeout, int maxQueryBytes) {
        public static final Limits DEFAULT = new Limits(128, 16, Duration.ofSeconds(10), 4096);
    }

    /** What the resolver knows of the VPCs. */
    public interface Directory {
        /** The VPC whose router sent from this address; empty for anything else. */
        Optional<String> vpcOf(InetAddress source);

        /** The private address of the container with this hostname in the VPC. */
        Optional<String> addressOf(String vpcId, String hostname);
    }

    private final DatagramSocket socket;
    private final Directory directory;
    private final List<InetSocketAddress> upstreams;
    /** UDP queries waiting beyond {@link #UDP_BACKLOG} are dropped, as a full socket buffer drops them. */
    private final ExecutorService answering = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(UDP_BACKLOG), r -> {
        Thread t = new Thread(r, "nc-vpc-dns");
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
    private final TcpListener tcp;

    private VpcResolver(DatagramSocket socket, ServerSocket server, Directory directory, List<InetSocketAddress> upstreams, Limits limits) {
        this.socket = socket;
        this.directory = directory;
        this.upstreams = List.copyOf(upstreams);
        this.tcp = new TcpListener(server, limits, source -> directory.vpcOf(source).isPresent(),
                (query, from) -> answer(query, from, true).map(exchange -> exchange.reply().toWire(TCP_MAX)));
        Thread receiving = new Thread(this::receive, "nc-vpc-dns-receive");
        receiving.setDaemon(true);
        receiving.start();
    }

    /**
     * Listening on a port of {@code bind} free for both UDP and TCP (e.g. the wildcard address:
     * queries arrive on the routers' transit links), or on {@code bind}'s own port when it has one.
     */
    public static VpcResolver start(InetSocketAddress bind, Directory directory, List<InetSocketAddress> upstreams) throws IOException {
        return start(bind, directory, upstreams, Limits.DEFAULT);
    }

    public static VpcResolver start(InetSocketAddress bind, Directory directory, List<InetSocketAddress> upstreams, Limits limits) throws IOException {
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(bind);
            try {
                ServerSocket server = new ServerSocket();
                try {
                    server.bind(new InetSocketAddress(bind.getAddress(), udp.getLocalPort()));
                } catch (IOException e) {
                    server.close();
                    throw e;
                }
                return new VpcResolver(udp, server, directory, upstreams, limits);
            } catch (BindException e) {
                udp.close();
                // the UDP port's number is taken for TCP: another free UDP port, unless the port was given
                if (bind.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                udp.close();
                throw e;
            }
        }
    }

    /** The nameservers of the host's {@code /etc/resolv.conf} (port 53); none when it cannot be read. */
    public static List<InetSocketAddress> hostResolvers() {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    out.add(new InetSocketAddress(InetAddress.getByName(words[1]), 53));
                }
            }
        } catch (IOException e) {
            LOG.warn("the host's resolvers are unknown (/etc/resolv.conf): the VPC resolver answers only container names", e);
        }
        return out;
    }

    /** The port number of both the UDP and the TCP socket. */
    public int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("the VPC resolver could not receive", e);
                }
                continue;
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            answering.execute(() -> answerUdp(query, from));
        }
    }

    /** A query and its reply. */
    private record Exchange(Message query, Message reply) {
    }

    /** A query over UDP: answered within the client's limit, TC set when the answer is longer. */
    private void answerUdp(byte[] bytes, InetSocketAddress from) {
        Optional<Exchange> exchange = answer(bytes, from.getAddress(), false);
        if (exchange.isEmpty()) {
            return;
        }
        byte[] out = exchange.get().reply().toWire(udpLimit(exchange.get().query()));
        try {
            socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException e) {
            LOG.debug("the VPC resolver could not answer {}", from, e);
        }
    }

    /** The query from a VPC router and its reply; empty (no answer) for anyone else and for what is not a query. */
    private Optional<Exchange> answer(byte[] bytes, InetAddress from, boolean overTcp) {
        Optional<String> vpc = directory.vpcOf(from);
        if (vpc.isEmpty()) {
            return Optional.empty();
        }
        Message query;
        try {
            query = new Message(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Message reply = question.getName().labels() == 2 ? local(query, question, vpc.get()) : forwarded(query, overTcp);
        return Optional.of(new Exchange(query, reply));
    }

    /** The longest UDP answer the query's sender takes: 512 bytes, or its EDNS0 size (at most {@link #UDP_MAX}). */
    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? UDP_PLAIN : Math.max(UDP_PLAIN, Math.min(UDP_MAX, opt.getPayloadSize()));
    }

    /** A container's name in the asking VPC. */
    private Message local(Message query, Record question, String vpcId) {
        Message reply = replyTo(query);
        String hostname = question.getName().getLabelString(0).toLowerCase(Locale.ROOT);
        Optional<String> address = directory.addressOf(vpcId, hostname);
        if (address.isEmpty()) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.A || question.getType() == Type.ANY) {
            try {
                reply.addRecord(new ARecord(question.getName(), DClass.IN, TTL, InetAddress.getByName(address.get())), Section.ANSWER);
            } catch (IOException e) {
                reply.getHeader().setRcode(Rcode.SERVFAIL);
            }
        }
        return reply;
    }

    /** Any other name, asked of the host's resolvers in turn (over TCP too when their UDP answer is truncated). */
    private Message forwarded(Message query, boolean overTcp) {
        for (InetSocketAddress upstream : upstreams) {
            try {
                SimpleResolver resolver = new SimpleResolver(upstream);
                resolver.setTimeout(UPSTREAM_TIMEOUT);
                resolver.setTCP(overTcp);
                Message answer = resolver.send(query);
                answer.getHeader().setID(query.getHeader().getID());
                return answer;
            } catch (IOException e) {
                LOG.debug("upstream resolver {} did not answer", upstream, e);
            }
        }
        Message reply = replyTo(query);
        reply.getHeader().setRcode(Rcode.SERVFAIL);
        return reply;
    }

    private static Message replyTo(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
            reply.getHeader().setFlag(Flags.RA);
        }
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    @Override
    public void close() {
        socket.close();
        tcp.close();
        answering.shutdownNow();
    }
}
