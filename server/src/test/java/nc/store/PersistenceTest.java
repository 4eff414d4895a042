package nc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.account.AccountChanges;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Everything a tenant or the operator did survives a restart, on the embedded H2 and on PostgreSQL. */
class PersistenceTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void accountsKeysSecretsAndUsageSurviveARestart(TestDatabase database) {
        try (TestServer server = TestServer.start(database)) {
            SignedClient client = server.client();
            String accountId = server.defaultKey().accountId();
            assertThat(client.post(SECRETS, Secrets.body("kept-1")).status()).isEqualTo(200);
            assertThat(client.post(SECRETS, Secrets.body("kept-2")).status()).isEqualTo(200);
            server.server().accounts().change(accountId, new AccountChanges(null, false, true, 7, 9));
            var second = server.server().accounts().issueKey(accountId);

            server.restart();

            assertThat(server.server().createdDefaultAccount()).as("no second default account").isNull();
            SignedClient after = new SignedClient(server.endpoint(), server.defaultKey().accessKey(), server.defaultKey().secretKey());
            ApiResponse listed = after.get(SECRETS);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.result().path("totalCount").asInt()).isEqualTo(2);
            assertThat(after.get(SECRETS + "/kept-1").result().path("secret").path("data").path("username").asText())
                    .isEqualTo(Secrets.b64("bob"));
            ApiResponse quota = after.get("/v1/regions/cn-north-1/quotas", Map.of("resourceType", "secret"));
            assertThat(quota.result().path("quota").path("limit").asInt()).isEqualTo(9);
            assertThat(quota.result().path("quota").path("used").asInt()).isEqualTo(2);
            assertThat(after.withKeys(second.accessKey(), second.secretKey()).get(SECRETS).status()).isEqualTo(200);
            var account = server.server().accounts().require(accountId);
            assertThat(account.realNameVerified()).isFalse();
            assertThat(account.blacklisted()).isTrue();
            assertThat(account.containerLimit()).isEqualTo(7);
            assertThat(server.server().secrets().credentials(accountId, "cn-north-1", "kept-2").orElseThrow().password())
                    .isEqualTo(Secrets.PASSWORD);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theDatabaseNeverHoldsARegistryPasswordOrSecretKeyInClear(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database)) {
            assertThat(server.client().post(SECRETS, Secrets.body("sealed")).status()).isEqualTo(200);
            List<String> forbidden = List.of(Secrets.PASSWORD, Secrets.b64(Secrets.PASSWORD), server.defaultKey().secretKey());
            String url = server.server().config().dbUrl();
            if (url == null) {
                server.server().close();
                String file = new String(Files.readAllBytes(server.dataDir().resolve("nc.mv.db")), StandardCharsets.ISO_8859_1);
                assertThat(file).contains("registry").doesNotContain(forbidden);
                server.restart();
            } else {
                try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password())) {
                    List<String> cells = new ArrayList<>();
                    for (String table : List.of("secrets", "access_keys")) {
                        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                            while (rs.next()) {
                                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                    cells.add(String.valueOf(rs.getObject(i)));
                                }
                            }
                        }
                    }
                    assertThat(cells).isNotEmpty();
                    assertThat(String.join("\n", cells)).doesNotContain(forbidden);
                }
            }
        }
    }
}
