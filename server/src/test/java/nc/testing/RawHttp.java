package nc.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Exact bytes on a socket: a request line, headers as given (Content-Length added), a body. */
public final class RawHttp {
    private RawHttp() {
    }

    public static ApiResponse request(int port, String requestLine, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-length"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("connection"))) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return new RawSocketClient("http://127.0.0.1:" + port).send(out.toByteArray());
    }
}
