package nc.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send
 * (illegal header lines, {@code %ZZ} escapes, unknown methods, over-long URIs). Every request is
 * sent with {@code Connection: close} unless the caller writes its own bytes.
 */
public final class RawSocketClient {
    private final String host;
    private final int port;
    private final String hostHeader;

    public RawSocketClient(String endpoint) {
        URI uri = URI.create(endpoint);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.hostHeader = host + ":" + port;
    }

    private RawSocketClient(String host, int port, String hostHeader) {
        this.host = host;
        this.port = port;
        this.hostHeader = hostHeader;
    }

    /**
     * Sends to the same address with the Host header of another endpoint, as a load balancer in
     * front of several replicas does: a request signed for that endpoint verifies here too.
     */
    public RawSocketClient hostOf(String endpoint) {
        URI uri = URI.create(endpoint);
        return new RawSocketClient(host, port, uri.getHost() + ":" + uri.getPort());
    }

    /** The Host header the JD Cloud signer puts in the signature for this endpoint. */
    public String hostHeader() {
        return hostHeader;
    }

    /** Sends these exact bytes (ISO-8859-1 text, so any byte can be written) and reads one response. */
    public ApiResponse send(String rawRequest) {
        return send(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a signed request exactly as given (path and query as raw bytes on the request line). */
    public ApiResponse send(SignedClient.SignedParts parts) {
        return send(parts, false);
    }

    /** Sends a signed request; with {@code chunked} the body travels without Content-Length. */
    public ApiResponse send(SignedClient.SignedParts parts, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String target = parts.path() + (parts.query() == null || parts.query().isEmpty() ? "" : "?" + parts.query());
        StringBuilder head = new StringBuilder();
        head.append(parts.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader()).append("\r\n");
        parts.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (parts.body().length > 0 || parts.method().equals("POST") || parts.method().equals("PATCH")) {
            head.append("Content-Length: ").append(parts.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (chunked) {
            int chunk = 64 * 1024;
            for (int offset = 0; offset < parts.body().length; offset += chunk) {
                int length = Math.min(chunk, parts.body().length - offset);
                out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(parts.body(), offset, length);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(parts.body());
        }
        return send(out.toByteArray());
    }

    public ApiResponse send(byte[] request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read everything; read what it said
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiResponse read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        String[] status = statusLine.split(" ", 3);
        int code = Integer.parseInt(status[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).strip(), k -> new ArrayList<>()).add(h.substring(colon + 1).strip());
        }
        byte[] body;
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        List<String> cl = headers.getOrDefault("content-length", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                out.writeBytes(in.readNBytes(size));
                line(in);
            }
            body = out.toByteArray();
        } else if (!cl.isEmpty()) {
            body = in.readNBytes(Integer.parseInt(cl.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return ApiResponse.of(code, HttpHeaders.of(headers, (a, b) -> true), new String(body, StandardCharsets.UTF_8));
    }

    private static int chunkSize(String line) {
        if (line == null) {
            return 0;
        }
        int semi = line.indexOf(';');
        return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = out.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }
}
