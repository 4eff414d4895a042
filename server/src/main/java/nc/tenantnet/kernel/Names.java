package nc.tenantnet.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of one installation's objects on a host. Every name carries the installation's scope
 * (a hash of its {@code nc.owner} id), so two installations on one host, or a new data folder
 * beside an old one's leftovers, never share or touch each other's objects.
 *
 * <ul>
 * <li>the VPC's router: network namespace {@code nc-<scope>-<vpc id>};</li>
 * <li>its transit link: {@code nt<scope><vpc hash>} in the host, {@code t0} in the namespace;</li>
 * <li>a subnet: bridge {@code b<subnet hash>} in the namespace;</li>
 * <li>a container interface: veth {@code v<nic hash><pid>} in the namespace (a name per
 *     incarnation: a restarted container is plugged anew, never onto its old port's name), whose
 *     peer is {@code eth0} in the container;</li>
 * <li>filters: nftables tables {@code inet nc} and {@code bridge nc} in the namespace.</li>
 * </ul>
 */
public record Names(String scope) {
    static final String TRANSIT = "t0";
    static final String PREFIX = "nc-";
    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9-]{1,40}");

    public Names {
        if (scope == null || !scope.matches("[0-9a-f]{6}")) {
            throw new IllegalArgumentException("scope must be 6 hex digits: " + scope);
        }
    }

    /** The names of the installation whose engine objects carry {@code nc.owner=ownerId}. */
    public static Names forOwner(String ownerId) {
        return new Names(hash(Objects.requireNonNull(ownerId), 6));
    }

    public String namespace(String vpcId) {
        return namespacePrefix() + (SAFE_ID.matcher(vpcId).matches() ? vpcId : hash(vpcId, 16));
    }

    String namespacePrefix() {
        return PREFIX + scope + "-";
    }

    String hostLink(String vpcId) {
        return "nt" + scope + hash(vpcId, 5);
    }

    /** Whether a host link is some installation's transit link (this one's or another's). */
    static boolean isHostLink(String name) {
        return HOST_LINK.matcher(name).matches();
    }

    private static final Pattern HOST_LINK = Pattern.compile("nt[0-9a-f]{11}");

    /** The VPC's segment between hosts, in the host's namespace: bridge, VXLAN device, and the veth to its router. */
    String segmentBridge(String vpcId) {
        return "fb" + scope + hash(vpcId, 5);
    }

    String segmentTunnel(String vpcId) {
        return "fx" + scope + hash(vpcId, 5);
    }

    String segmentLink(String vpcId) {
        return "ff" + scope + hash(vpcId, 5);
    }

    String bridge(String subnetId) {
        return "b" + hash(subnetId, 8);
    }

    String portPrefix(String nicId) {
        return "v" + hash(nicId, 6);
    }

    String port(String nicId, long pid) {
        return portPrefix(nicId) + Long.toString(pid, 36);
    }

    /** The incarnation a port name stands for: the container's pid. */
    static long pidOf(String portName) {
        return Long.parseLong(portName.substring(7), 36);
    }

    /** A stable, locally administered MAC for the router's side of a subnet. */
    static String bridgeMac(String subnetId) {
        String h = hash(subnetId, 10);
        return "02:" + h.substring(0, 2) + ":" + h.substring(2, 4) + ":" + h.substring(4, 6) + ":" + h.substring(6, 8) + ":"
                + h.substring(8, 10);
    }

    static String hash(String text, int hexDigits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
