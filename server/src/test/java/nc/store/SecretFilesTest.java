package nc.store;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The files holding credentials are the owner's only, the operator token is long and random and
 * the same after a restart (it is the database's), and the master key is 32 bytes.
 */
class SecretFilesTest {

    @Test
    void credentialFilesAreOwnerOnlyAndTheOperatorTokenOutlivesARestart() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path data = server.dataDir();
            for (String name : new String[] {"admin-token", "master.key", "credentials.json", "defaults.json"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
                        .as("permissions of %s", name).isEqualTo("rw-------");
            }
            String token = Files.readString(data.resolve("admin-token")).strip();
            assertThat(token).as("operator token").matches("[a-z0-9]{43}");
            assertThat(Base64.getDecoder().decode(Files.readString(data.resolve("master.key")).strip())).hasSize(32);
            try (var listing = Files.list(data)) {
                assertThat(listing.map(p -> p.getFileName().toString())).as("no temporary file left").noneMatch(n -> n.endsWith(".new"));
            }

            server.restart();
            assertThat(server.server().operatorToken()).isEqualTo(token);
            assertSuccess(server.admin().get("/admin/accounts"));
        }
    }

    @Test
    void aPrivateFileReplacingAnOpenOneIsOwnerOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
