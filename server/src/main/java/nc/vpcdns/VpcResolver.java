package nc.vpcdns;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The VPC resolver, as a cloud's: every container's resolver is its subnet's gateway, whose DNS
 * queries the VPC's router hands to this UDP socket on the host. A single-label name (no dot) is a
 * container's hostname in the asking VPC and nowhere else: its private address, or NXDOMAIN. Every
 * other name is asked of the host's own resolvers (those of {@code /etc/resolv.conf}, or the ones
 * given) and their answer relayed. Queries from anywhere but a VPC router are not answered.
 */
public final class VpcResolver implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VpcResolver.class);
    private static final long TTL = 5;
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);

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
    private final ExecutorService answering = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "nc-vpc-dns");
        t.setDaemon(true);
        return t;
    });
    private final Thread receiving;

    private VpcResolver(DatagramSocket socket, Directory directory, List<InetSocketAddress> upstreams) {
        this.socket = socket;
        this.directory = directory;
        this.upstreams = List.copyOf(upstreams);
        this.receiving = new Thread(this::receive, "nc-vpc-dns-receive");
        this.receiving.setDaemon(true);
        this.receiving.start();
    }

    /** Listening on a free UDP port of {@code bind} (e.g. the wildcard address: queries arrive on the routers' transit links). */
    public static VpcResolver start(InetSocketAddress bind, Directory directory, List<InetSocketAddress> upstreams) throws SocketException {
        return new VpcResolver(new DatagramSocket(bind), directory, upstreams);
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
            try {
                answering.execute(() -> answer(query, from));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void answer(byte[] bytes, InetSocketAddress from) {
        Optional<String> vpc = directory.vpcOf(from.getAddress());
        if (vpc.isEmpty()) {
            return;
        }
        Message query;
        try {
            query = new Message(bytes);
        } catch (IOException e) {
            return;
        }
        Record question = query.getQuestion();
        if (question == null) {
            return;
        }
        Message reply = question.getName().labels() == 2 ? local(query, question, vpc.get()) : forwarded(query);
        byte[] out = reply.toWire(512);
        try {
            socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException e) {
            LOG.debug("the VPC resolver could not answer {}", from, e);
        }
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

    /** Any other name, asked of the host's resolvers in turn. */
    private Message forwarded(Message query) {
        for (InetSocketAddress upstream : upstreams) {
            try {
                SimpleResolver resolver = new SimpleResolver(upstream);
                resolver.setTimeout(UPSTREAM_TIMEOUT);
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
        answering.shutdownNow();
    }
}
