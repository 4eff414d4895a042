package nc.store;

import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import nc.NcServer;
import nc.config.Config;
import nc.config.StartupRefused;
import nc.testing.Secrets;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * An installation from before sealed values named their key (Base64 only, no key id) keeps
 * working: its values open with its master.key, a reseal labels them, and a server given another
 * key refuses to start.
 */
class UnlabelledSealedValuesTest {

    /** Rewrites every sealed value as the earlier format wrote it: the same sealed bytes, without "keyid:". */
    private static void unlabel(TestServer server) {
        try (Database db = Database.open(Config.defaults(server.dataDir()))) {
            db.jdbi().useHandle(h -> {
                h.execute("UPDATE access_keys SET sealed_secret_key = SUBSTRING(sealed_secret_key FROM 10)");
                h.execute("UPDATE secrets SET sealed_password = SUBSTRING(sealed_password FROM 10)");
                h.execute("UPDATE settings SET setting_value = SUBSTRING(setting_value FROM 10) WHERE name = 'operator_token'");
            });
            assertThat(new SealedValues(db.jdbi()).countByKeyId()).containsOnlyKeys(AtRestCipher.UNLABELLED);
        }
    }

    @Test
    void valuesSealedBeforeKeyIdsOpenAreResealedAndRefuseAnotherKey() throws Exception {
        try (TestServer server = TestServer.start()) {
            assertSuccess(server.client().post("/v1/regions/cn-north-1/secrets", Secrets.body("old-format")));
            String token = server.server().operatorToken();
            server.stopKeepingData();
            unlabel(server);

            server.restart();
            assertThat(server.server().operatorToken()).isEqualTo(token);
            assertSuccess(server.client().get("/v1/regions/cn-north-1/secrets/old-format"));
            assertThat(server.admin().post("/admin/masterKey:reseal", "{}").result().path("resealed").asLong()).isEqualTo(3);
            assertThat(server.admin().get("/admin/masterKey").result().path("sealedValuesByKeyId").fieldNames()).toIterable()
                    .containsExactly(server.server().cipher().keyId());

            server.stopKeepingData();
            unlabel(server);
            Files.writeString(server.dataDir().resolve("master.key"), MasterKeys.fresh() + "\n");
            assertThatThrownBy(() -> NcServer.start(Config.defaults(server.dataDir()).withPort(0)))
                    .isInstanceOf(StartupRefused.class).hasMessageContaining("(a key from before key ids)");
        }
    }
}
