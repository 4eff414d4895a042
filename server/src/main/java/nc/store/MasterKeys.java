package nc.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import nc.config.Config;
import nc.config.StartupRefused;

/**
 * Where the master key comes from: {@code NC_MASTER_KEY} (Base64), else the file
 * {@code NC_MASTER_KEY_FILE} names, else {@code master.key} in the data folder (made owner-only
 * from SecureRandom on first start, which suits one server; replicas must be given one key).
 */
public final class MasterKeys {
    static final String DATA_FOLDER_FILE = "master.key";

    private MasterKeys() {
    }

    public static AtRestCipher cipher(Config.Security security, Path dataDir) {
        AtRestCipher.MasterKey current = current(security, dataDir);
        List<AtRestCipher.MasterKey> accepted = security.acceptedMasterKeys().stream()
                .map(k -> decode(k, "a key of NC_MASTER_KEYS_ACCEPTED")).toList();
        return new AtRestCipher(current, accepted);
    }

    /** Base64 of 32 bytes from SecureRandom: what {@code master.key} holds. */
    public static String fresh() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static AtRestCipher.MasterKey current(Config.Security security, Path dataDir) {
        if (security.masterKey() != null) {
            return decode(security.masterKey(), "NC_MASTER_KEY");
        }
        if (security.masterKeyFile() != null) {
            Path file = security.masterKeyFile();
            if (!Files.isReadable(file)) {
                throw new StartupRefused("NC_MASTER_KEY_FILE names " + file + ", which cannot be read. Give every replica the same"
                        + " key file; make one with: head -c 32 /dev/urandom | base64 > " + file + " && chmod 600 " + file);
            }
            return decode(read(file), "the key in " + file);
        }
        Path file = dataDir.resolve(DATA_FOLDER_FILE);
        if (!Files.exists(file)) {
            PrivateFiles.write(file, fresh() + "\n");
        }
        return decode(read(file), "the key in " + file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static AtRestCipher.MasterKey decode(String base64, String what) {
        try {
            return AtRestCipher.MasterKey.of(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new StartupRefused(what + " is not a master key: it must be Base64 of 32 random bytes"
                    + " (head -c 32 /dev/urandom | base64)");
        }
    }
}
