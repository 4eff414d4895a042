package nc.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator API under /admin: accounts, keys, flags and quotas. */
class AdminApiTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    static TestServer server;
    static AdminClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- the operator token -----------------------------------------------------------------------

    @Test
    void requestWithoutTokenIsUnauthenticated() {
        AdminClient anonymous = admin.withToken(null);
        assertUnauthenticated(anonymous.get("/admin/accounts"));
        assertUnauthenticated(anonymous.get("/admin/accounts/acct-doesnotexi"));

        ApiResponse create = anonymous.post("/admin/accounts", "{\"name\":\"sneaky\"}");
        assertUnauthenticated(create);
        assertThat(accountNames()).doesNotContain("sneaky");
    }

    @Test
    void requestWithWrongTokenIsUnauthenticated() {
        assertUnauthenticated(admin.withToken("not-the-operator-token").get("/admin/accounts"));
        assertUnauthenticated(admin.withToken(server.server().operatorToken() + "x").get("/admin/accounts"));
        assertUnauthenticated(admin.withToken("").get("/admin/accounts"));

        ApiResponse patched = admin.withToken("wrong").patch("/admin/accounts/" + newAccount("victim").accountId(),
                "{\"disabled\":true}");
        assertUnauthenticated(patched);
        assertThat(accountNamed("victim").path("disabled").asBoolean()).isFalse();
    }

    @Test
    void unknownAdminPathIsNotFoundWithTheTokenAndUnauthenticatedWithout() {
        ApiResponse withToken = admin.get("/admin/nothing-here");
        assertThat(withToken.status()).as(withToken.toString()).isEqualTo(404);
        assertThat(withToken.errorStatus()).isEqualTo("NOT_FOUND");
        assertUnauthenticated(admin.withToken(null).get("/admin/nothing-here"));
    }

    // ---- accounts ---------------------------------------------------------------------------------

    @Test
    void createdAccountComesWithAKeyPairThatSigns() {
        ApiResponse created = admin.post("/admin/accounts", "{\"name\":\"acme\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.contentType()).isEqualTo("application/json; charset=UTF-8");
        assertThat(created.json().path("requestId").asText()).hasSize(32);
        JsonNode account = created.result().path("account");
        assertThat(account.path("accountId").asText()).matches("acct-[a-z0-9]{10}");
        assertThat(account.path("name").asText()).isEqualTo("acme");
        assertThat(account.path("disabled").asBoolean(true)).isFalse();
        assertThat(account.path("realNameVerified").asBoolean(false)).isTrue();
        assertThat(account.path("blacklisted").asBoolean(true)).isFalse();
        assertThat(account.path("quotas").path("container").asInt()).isEqualTo(20);
        assertThat(account.path("quotas").path("secret").asInt()).isEqualTo(20);
        assertThat(account.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        String ak = created.result().path("accessKey").asText();
        String sk = created.result().path("secretKey").asText();
        assertThat(ak).isNotBlank();
        assertThat(sk).isNotBlank().isNotEqualTo(ak);

        SignedClient acme = server.client().withKeys(ak, sk);
        ApiResponse secret = acme.post(SECRETS, Secrets.body("acme-registry"));
        assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
        assertThat(acme.get(SECRETS).result().path("totalCount").asInt()).isEqualTo(1);
        // a new account is a new tenant: the default account does not see its secret
        assertThat(server.client().get(SECRETS + "/acme-registry").status()).isEqualTo(404);
    }

    @Test
    void createdAccountMayStartUnverified() {
        ApiResponse created = admin.post("/admin/accounts", "{\"name\":\"unverified\",\"realNameVerified\":false}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.result().path("account").path("realNameVerified").asBoolean(true)).isFalse();
    }

    @Test
    void accountNameIsRequired() {
        assertInvalid(admin.post("/admin/accounts", "{}"), "name");
        assertInvalid(admin.post("/admin/accounts", "{\"name\":\"\"}"), "name");
        assertInvalid(admin.post("/admin/accounts", "{\"name\":\"" + "n".repeat(129) + "\"}"), "name");
        assertInvalid(admin.post("/admin/accounts", "{\"name\":42}"), "name");
    }

    @Test
    void listShowsCreatedAccounts() {
        Account created = newAccount("listed-co");
        ApiResponse listed = admin.get("/admin/accounts");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        listed.result().path("accounts").forEach(a -> ids.add(a.path("accountId").asText()));
        assertThat(ids).contains(created.accountId(), server.defaultKey().accountId());
        assertThat(accountNamed("listed-co").path("accountId").asText()).isEqualTo(created.accountId());
        assertThat(listed.body()).doesNotContain(created.secretKey()).doesNotContain("secretKey");
    }

    @Test
    void describeShowsKeysButNeverTheSecretKey() {
        Account created = newAccount("described-co");
        ApiResponse described = admin.get("/admin/accounts/" + created.accountId());
        assertThat(described.status()).as(described.toString()).isEqualTo(200);
        assertThat(described.result().path("account").path("name").asText()).isEqualTo("described-co");
        JsonNode keys = described.result().path("accessKeys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("accessKey").asText()).isEqualTo(created.accessKey());
        assertThat(keys.get(0).path("revoked").asBoolean(true)).isFalse();
        assertThat(keys.get(0).path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(keys.get(0).has("secretKey")).isFalse();
        assertThat(described.body()).doesNotContain(created.secretKey());
    }

    @Test
    void disabledAccountCannotSignUntilEnabledAgain() {
        Account account = newAccount("to-disable");
        SignedClient tenant = account.client();
        assertThat(tenant.post(SECRETS, Secrets.body("kept")).status()).isEqualTo(200);

        ApiResponse disabled = admin.patch("/admin/accounts/" + account.accountId(), "{\"disabled\":true}");
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.result().path("account").path("disabled").asBoolean(false)).isTrue();

        ApiResponse refused = tenant.get(SECRETS);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(tenant.post(SECRETS, Secrets.body("while-disabled")).status()).isEqualTo(401);
        // other accounts are unaffected
        assertThat(server.client().get(SECRETS).status()).isEqualTo(200);

        ApiResponse enabled = admin.patch("/admin/accounts/" + account.accountId(), "{\"disabled\":false}");
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(enabled.result().path("account").path("disabled").asBoolean(true)).isFalse();
        ApiResponse back = tenant.get(SECRETS);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.result().path("totalCount").asInt()).isEqualTo(1);
        assertThat(tenant.get(SECRETS + "/kept").status()).isEqualTo(200);
    }

    // ---- keys -------------------------------------------------------------------------------------

    @Test
    void secondKeyWorksAndRevokingOneLeavesTheOther() {
        Account account = newAccount("two-keys");
        ApiResponse issued = admin.post("/admin/accounts/" + account.accountId() + "/keys", "{}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String ak2 = issued.result().path("accessKey").asText();
        String sk2 = issued.result().path("secretKey").asText();
        assertThat(ak2).isNotBlank().isNotEqualTo(account.accessKey());
        assertThat(sk2).isNotBlank();

        SignedClient first = account.client();
        SignedClient second = server.client().withKeys(ak2, sk2);
        assertThat(first.post(SECRETS, Secrets.body("by-first-key")).status()).isEqualTo(200);
        ApiResponse seenBySecond = second.get(SECRETS + "/by-first-key");
        assertThat(seenBySecond.status()).as("both keys act for one account: " + seenBySecond).isEqualTo(200);

        ApiResponse revoked = admin.delete("/admin/accounts/" + account.accountId() + "/keys/" + account.accessKey());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);

        ApiResponse refused = first.get(SECRETS);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(second.get(SECRETS).status()).isEqualTo(200);

        JsonNode keys = admin.get("/admin/accounts/" + account.accountId()).result().path("accessKeys");
        assertThat(keys).hasSize(2);
        for (JsonNode key : keys) {
            assertThat(key.path("revoked").asBoolean()).as(key.toString())
                    .isEqualTo(key.path("accessKey").asText().equals(account.accessKey()));
        }
    }

    @Test
    void revokingAnUnknownKeyOrAnotherAccountsKeyIsNotFound() {
        Account owner = newAccount("key-owner");
        Account other = newAccount("key-other");
        ApiResponse unknown = admin.delete("/admin/accounts/" + owner.accountId() + "/keys/AKNOSUCHKEY0000000000");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.errorStatus()).isEqualTo("NOT_FOUND");

        ApiResponse foreign = admin.delete("/admin/accounts/" + other.accountId() + "/keys/" + owner.accessKey());
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(owner.client().get(SECRETS).status()).isEqualTo(200);
    }

    @Test
    void chosenKeyPairCanBeImported() {
        Account account = newAccount("imported");
        ApiResponse imported = admin.post("/admin/accounts/" + account.accountId() + "/keys",
                "{\"accessKey\":\"AKEXAMPLE1234567890\",\"secretKey\":\"SKEXAMPLEabcdefghij0123456789\"}");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.result().path("accessKey").asText()).isEqualTo("AKEXAMPLE1234567890");
        assertThat(imported.result().path("secretKey").asText()).isEqualTo("SKEXAMPLEabcdefghij0123456789");

        SignedClient withImported = server.client().withKeys("AKEXAMPLE1234567890", "SKEXAMPLEabcdefghij0123456789");
        assertThat(withImported.post(SECRETS, Secrets.body("via-imported")).status()).isEqualTo(200);
        assertThat(account.client().get(SECRETS + "/via-imported").status()).isEqualTo(200);
        // the right access key with a wrong secret key does not sign
        assertThat(server.client().withKeys("AKEXAMPLE1234567890", "SKEXAMPLEabcdefghij0123456780").get(SECRETS).status())
                .isEqualTo(401);

        JsonNode keys = admin.get("/admin/accounts/" + account.accountId()).result().path("accessKeys");
        List<String> aks = new ArrayList<>();
        keys.forEach(k -> aks.add(k.path("accessKey").asText()));
        assertThat(aks).containsExactlyInAnyOrder(account.accessKey(), "AKEXAMPLE1234567890");
    }

    @Test
    void importNeedsBothWellFormedKeys() {
        Account account = newAccount("bad-import");
        String keys = "/admin/accounts/" + account.accountId() + "/keys";
        assertInvalid(admin.post(keys, "{\"accessKey\":\"AKONLYTHEACCESSKEY01\"}"), "secretKey");
        assertInvalid(admin.post(keys, "{\"secretKey\":\"SKONLYTHESECRETKEY01\"}"), "accessKey");
        assertInvalid(admin.post(keys, "{\"accessKey\":\"AKSHORT\",\"secretKey\":\"SKEXAMPLEabcdefghij0123456789\"}"), "accessKey");
        assertInvalid(admin.post(keys, "{\"accessKey\":\"AK-WITH/ODD*CHARS00\",\"secretKey\":\"SKEXAMPLEabcdefghij0123456789\"}"),
                "accessKey");
        assertThat(admin.get("/admin/accounts/" + account.accountId()).result().path("accessKeys")).hasSize(1);
    }

    @Test
    void importingAnAccessKeyAlreadyInUseIsRefused() {
        Account owner = newAccount("ak-owner");
        Account thief = newAccount("ak-thief");
        ApiResponse clash = admin.post("/admin/accounts/" + thief.accountId() + "/keys",
                "{\"accessKey\":\"" + owner.accessKey() + "\",\"secretKey\":\"SKCHOSENBYTHEOTHERACCOUNT0\"}");
        assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
        assertThat(clash.errorStatus()).isEqualTo("ALREADY_EXISTS");
        assertThat(clash.errorMessage()).contains(owner.accessKey());
        // the owner's key is untouched
        assertThat(owner.client().get(SECRETS).status()).isEqualTo(200);
    }

    // ---- flags and quotas -------------------------------------------------------------------------

    @Test
    void flagsRoundTrip() {
        Account account = newAccount("flags");
        String path = "/admin/accounts/" + account.accountId();
        ApiResponse patched = admin.patch(path, "{\"realNameVerified\":false,\"blacklisted\":true}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.result().path("account").path("realNameVerified").asBoolean(true)).isFalse();
        assertThat(patched.result().path("account").path("blacklisted").asBoolean(false)).isTrue();

        JsonNode described = admin.get(path).result().path("account");
        assertThat(described.path("realNameVerified").asBoolean(true)).isFalse();
        assertThat(described.path("blacklisted").asBoolean(false)).isTrue();
        assertThat(described.path("disabled").asBoolean(true)).isFalse();

        // a PATCH changes only what it names
        assertThat(admin.patch(path, "{\"blacklisted\":false}").status()).isEqualTo(200);
        described = admin.get(path).result().path("account");
        assertThat(described.path("blacklisted").asBoolean(true)).isFalse();
        assertThat(described.path("realNameVerified").asBoolean(true)).isFalse();

        assertThat(admin.patch(path, "{\"realNameVerified\":true}").status()).isEqualTo(200);
        assertThat(admin.get(path).result().path("account").path("realNameVerified").asBoolean(false)).isTrue();
        // flags do not lock anyone out
        assertThat(account.client().get(SECRETS).status()).isEqualTo(200);
    }

    @Test
    void flagsMustBeBooleans() {
        Account account = newAccount("typed-flags");
        assertInvalid(admin.patch("/admin/accounts/" + account.accountId(), "{\"blacklisted\":\"yes\"}"), "blacklisted");
        assertThat(admin.get("/admin/accounts/" + account.accountId()).result().path("account").path("blacklisted")
                .asBoolean(true)).isFalse();
    }

    @Test
    void quotasAreValidated() {
        Account account = newAccount("quota-check");
        String path = "/admin/accounts/" + account.accountId();
        assertInvalid(admin.patch(path, "{\"quotas\":{\"secret\":-1}}"), "quotas.secret");
        assertInvalid(admin.patch(path, "{\"quotas\":{\"container\":-1}}"), "quotas.container");
        assertInvalid(admin.patch(path, "{\"quotas\":{\"secret\":\"3\"}}"), "quotas.secret");
        assertInvalid(admin.patch(path, "{\"quotas\":{\"secret\":100001}}"), "quotas.secret");
        // a refused change changes nothing, also not its valid parts
        assertInvalid(admin.patch(path, "{\"disabled\":true,\"quotas\":{\"container\":5,\"secret\":-1}}"), "quotas.secret");
        JsonNode unchanged = admin.get(path).result().path("account");
        assertThat(unchanged.path("quotas").path("secret").asInt()).isEqualTo(20);
        assertThat(unchanged.path("quotas").path("container").asInt()).isEqualTo(20);
        assertThat(unchanged.path("disabled").asBoolean(true)).isFalse();

        ApiResponse ok = admin.patch(path, "{\"quotas\":{\"secret\":3,\"container\":0}}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.result().path("account").path("quotas").path("secret").asInt()).isEqualTo(3);
        assertThat(ok.result().path("account").path("quotas").path("container").asInt()).isZero();
    }

    @Test
    void unknownAccountIsNotFound() {
        String path = "/admin/accounts/acct-doesnotexi";
        for (ApiResponse response : List.of(
                admin.get(path),
                admin.patch(path, "{\"disabled\":true}"),
                admin.post(path + "/keys", "{}"),
                admin.post(path + "/keys", "{\"accessKey\":\"AKFORNOBODY000000001\",\"secretKey\":\"SKFORNOBODY000000001\"}"),
                admin.delete(path + "/keys/AKFORNOBODY000000001"))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.errorStatus()).isEqualTo("NOT_FOUND");
            assertThat(response.errorMessage()).contains("acct-doesnotexi");
        }
        // the refused import did not register the key anywhere
        assertThat(server.client().withKeys("AKFORNOBODY000000001", "SKFORNOBODY000000001").get(SECRETS).status()).isEqualTo(401);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    record Account(String accountId, String accessKey, String secretKey) {
        SignedClient client() {
            return server.client().withKeys(accessKey, secretKey);
        }
    }

    private static Account newAccount(String name) {
        ApiResponse created = admin.post("/admin/accounts", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new Account(created.result().path("account").path("accountId").asText(),
                created.result().path("accessKey").asText(), created.result().path("secretKey").asText());
    }

    private static List<String> accountNames() {
        List<String> names = new ArrayList<>();
        admin.get("/admin/accounts").result().path("accounts").forEach(a -> names.add(a.path("name").asText()));
        return names;
    }

    private static JsonNode accountNamed(String name) {
        for (JsonNode a : admin.get("/admin/accounts").result().path("accounts")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no account named " + name);
    }

    private static void assertUnauthenticated(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/json; charset=UTF-8");
        assertThat(response.json()).as(response.toString()).isNotNull();
        String requestId = response.json().path("requestId").asText();
        assertThat(requestId).matches("[a-z0-9]{32}");
        assertThat(response.headers().firstValue("x-jdcloud-request-id")).hasValue(requestId);
        assertThat(response.json().has("result")).isFalse();
        assertThat(response.errorStatus()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(401);
        assertThat(response.errorMessage()).isNotBlank();
    }

    private static void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(response.errorMessage()).as("message names %s", field)
                .matches("(?s).*(?<![\\w.])" + Pattern.quote(field) + "(?![\\w.]).*");
    }
}
