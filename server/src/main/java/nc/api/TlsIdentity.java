package nc.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import nc.config.StartupRefused;

/**
 * The certificate chain and private key nc serves HTTPS with, as the operator gives them: PEM
 * files, the server's certificate first, the key unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY};
 * RSA, EC or Ed25519). Held in an in-memory key store with a random password.
 */
public record TlsIdentity(KeyStore keyStore, String password) {

    public static TlsIdentity load(Path certificateFile, Path keyFile) {
        List<? extends Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        requireMatch(key, chain.get(0), certificateFile, keyFile);
        try {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("nc", key, password.toCharArray(), chain.toArray(Certificate[]::new));
            return new TlsIdentity(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupRefused("cannot hold the TLS key and certificate: " + e.getMessage());
        }
    }

    private static List<? extends Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new StartupRefused("NC_TLS_CERT " + file + " holds no certificate (PEM, the server's first)");
            }
            return chain;
        } catch (IOException e) {
            throw new StartupRefused("NC_TLS_CERT " + file + " cannot be read: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new StartupRefused("NC_TLS_CERT " + file + " is not a PEM certificate chain: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StartupRefused("NC_TLS_KEY " + file + " cannot be read: " + e.getMessage());
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new StartupRefused("NC_TLS_KEY " + file + " must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert one with"
                    + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new StartupRefused("NC_TLS_KEY " + file + " is not an RSA, EC or Ed25519 private key");
    }

    /** A key that does not belong to the certificate would fail every handshake: refused at start instead. */
    private static void requireMatch(PrivateKey key, Certificate certificate, Path certificateFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "nc".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // not a match either
        }
        throw new StartupRefused("NC_TLS_KEY " + keyFile + " is not the key of the first certificate in NC_TLS_CERT " + certificateFile);
    }
}
