package nc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nc.auth.Algorithm;
import nc.auth.Authorization;
import nc.auth.SignedRequest;
import nc.auth.Signer;

/**
 * {@code ncctl METHOD PATH [JSON]}: one signed request to nc with the keys of the data folder,
 * for shell walkthroughs. Real clients (JD Cloud's SDKs and CLI) sign for themselves.
 */
public final class SignedCall {
    private SignedCall() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ncctl METHOD PATH[?QUERY] [JSON-BODY | @FILE]");
            System.exit(2);
        }
        String method = args[0].toUpperCase(java.util.Locale.ROOT);
        String target = args[1];
        byte[] body = args.length > 2 ? body(args[2]) : new byte[0];
        Map<String, String> env = System.getenv();
        JsonNode credentials = new ObjectMapper().readTree(Path.of(env.getOrDefault("NC_DATA", "./data"), "credentials.json").toFile());
        URI endpoint = URI.create(env.getOrDefault("NC_ENDPOINT", "http://127.0.0.1:" + env.getOrDefault("NC_PORT", "8080")));

        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : null;
        String[] parts = path.split("/");
        String region = parts.length > 3 && parts[2].equals("regions") ? parts[3].split(":")[0] : "cn-north-1";
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, String> headers = Map.of("content-type", "application/json", "host", host,
                "x-jdcloud-date", date, "x-jdcloud-nonce", UUID.randomUUID().toString());
        Authorization auth = new Authorization(Algorithm.JDCLOUD2, credentials.path("accessKey").asText(), date.substring(0, 8),
                region, env.getOrDefault("NC_SERVICE", "nc"), List.of("content-type", "host", "x-jdcloud-date", "x-jdcloud-nonce"), null);
        String signature = Signer.expectedSignature(new SignedRequest(method, path, query, headers::get, body), auth, date,
                credentials.path("secretKey").asText());

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + target))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("x-jdcloud-date", date)
                .header("x-jdcloud-nonce", headers.get("x-jdcloud-nonce"))
                .header("Authorization", auth.algorithm().headerName() + " Credential=" + auth.accessKey() + "/"
                        + auth.credentialScope() + ", SignedHeaders=" + String.join(";", auth.signedHeaders())
                        + ", Signature=" + signature);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        ObjectMapper mapper = new ObjectMapper();
        System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(response.body())));
        System.exit(response.statusCode() == 200 ? 0 : 1);
    }

    private static byte[] body(String arg) throws IOException {
        if (arg.startsWith("@")) {
            return Files.readAllBytes(Path.of(arg.substring(1)));
        }
        return arg.getBytes(StandardCharsets.UTF_8);
    }
}
