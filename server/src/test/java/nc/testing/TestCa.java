package nc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test with the JDK's keytool, and a server certificate it
 * signed for 127.0.0.1 and localhost: the PEM files an operator gives nc, and a trust store
 * (PKCS#12) that trusts only this CA.
 */
public final class TestCa {
    private static final String PASSWORD = "nc-test-pass";
    private final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    public static TestCa create(Path dir) {
        TestCa ca = new TestCa(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=nc test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        ca.keytool("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.pem", "-keystore", "ca.p12");
        ca.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-keystore", "server.p12");
        ca.keytool("-certreq", "-alias", "server", "-file", "server.csr", "-keystore", "server.p12");
        ca.keytool("-gencert", "-alias", "ca", "-infile", "server.csr", "-outfile", "server.pem", "-rfc",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-validity", "2", "-keystore", "ca.p12");
        try {
            Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("server.pem")) + Files.readString(dir.resolve("ca.pem")));
            Files.writeString(dir.resolve("server-key.pem"), ca.pkcs8Of("server.p12", "server"));
            Files.writeString(dir.resolve("ca-key.pem"), ca.pkcs8Of("ca.p12", "ca"));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (var out = Files.newOutputStream(dir.resolve("trust.p12"))) {
                trust.store(out, PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return ca;
    }

    /** The server's certificate, then the CA's (PEM): NC_TLS_CERT. */
    public Path chain() {
        return dir.resolve("chain.pem");
    }

    /** The server's private key, PKCS#8 PEM: NC_TLS_KEY. */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** The CA's own key: a key that is not the certificate's. */
    public Path otherKey() {
        return dir.resolve("ca-key.pem");
    }

    /** A PKCS#12 trust store holding only the CA. */
    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public String trustStorePassword() {
        return PASSWORD;
    }

    /** TLS that trusts this CA only. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pkcs8Of(String store, String alias) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(store))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Key key = keys.getKey(alias, PASSWORD.toCharArray());
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** keytool with the store's type and password; file arguments are names in the CA's folder. */
    private void keytool(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        for (int i = 0; i < args.length; i++) {
            boolean file = i > 0 && List.of("-keystore", "-file", "-infile", "-outfile").contains(args[i - 1]);
            command.add(file ? dir.resolve(args[i]).toString() : args[i]);
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Shell.run(command, Map.of(), null, java.time.Duration.ofSeconds(60)).orThrow();
    }
}
