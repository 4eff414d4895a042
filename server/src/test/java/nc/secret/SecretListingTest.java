package nc.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import nc.testing.ApiResponse;
import nc.testing.Secrets;
import nc.testing.SignedClient;
import nc.testing.SteppingClock;
import nc.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeSecrets: paging, order and filters (docs/api/nc.md §1.4, §5.12, §7, rule 48). */
class SecretListingTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";
    /** The server's clock stands still unless a test moves it, so creation times are known exactly. */
    static final SteppingClock CLOCK = new SteppingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withClock(CLOCK));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- paging ---------------------------------------------------------------------------------

    @Test
    void pagesTwentyByDefaultAndReportsTheTotal() {
        SignedClient tenant = tenantWith25Secrets();

        ApiResponse first = tenant.get(SECRETS);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.result().path("totalCount").isIntegralNumber()).isTrue();
        assertThat(first.result().path("totalCount").asInt()).isEqualTo(25);
        assertThat(names(first)).hasSize(20);

        ApiResponse second = tenant.get(SECRETS, Map.of("pageNumber", "2"));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.result().path("totalCount").asInt()).isEqualTo(25);
        assertThat(names(second)).hasSize(5);

        List<String> all = new ArrayList<>(names(first));
        all.addAll(names(second));
        assertThat(all).containsExactlyElementsOf(expected25());
    }

    @Test
    void pagePastTheEndIsEmptyWithTheTrueTotal() {
        SignedClient tenant = tenantWith25Secrets();

        for (String pageNumber : new String[] {"3", "1000", "2147483647"}) {
            ApiResponse past = tenant.get(SECRETS, Map.of("pageNumber", pageNumber));
            assertThat(past.status()).as(past.toString()).isEqualTo(200);
            assertThat(past.result().path("secrets").isArray()).as(past.toString()).isTrue();
            assertThat(past.result().path("secrets")).isEmpty();
            assertThat(past.result().path("totalCount").asInt()).isEqualTo(25);
        }
    }

    @Test
    void pageSizeTenAndHundredAreAccepted() {
        SignedClient tenant = tenantWith25Secrets();

        ApiResponse ten = tenant.get(SECRETS, Map.of("pageSize", "10"));
        assertThat(ten.status()).as(ten.toString()).isEqualTo(200);
        assertThat(names(ten)).containsExactlyElementsOf(expected25().subList(0, 10));
        assertThat(ten.result().path("totalCount").asInt()).isEqualTo(25);

        ApiResponse thirdOfTen = tenant.get(SECRETS, Map.of("pageSize", "10", "pageNumber", "3"));
        assertThat(names(thirdOfTen)).containsExactlyElementsOf(expected25().subList(20, 25));

        ApiResponse hundred = tenant.get(SECRETS, Map.of("pageSize", "100", "pageNumber", "1"));
        assertThat(hundred.status()).as(hundred.toString()).isEqualTo(200);
        assertThat(names(hundred)).containsExactlyElementsOf(expected25());
    }

    @Test
    void pageSizeOutsideTenToHundredIsRejected() {
        SignedClient tenant = server.newTenant();
        for (String size : new String[] {"9", "101", "0", "-1", "ten"}) {
            assertInvalid(tenant.get(SECRETS, Map.of("pageSize", size)), "pageSize");
        }
    }

    @Test
    void pageNumberBelowOneOrNotANumberIsRejected() {
        SignedClient tenant = server.newTenant();
        for (String number : new String[] {"0", "-1", "abc", "1.5"}) {
            assertInvalid(tenant.get(SECRETS, Map.of("pageNumber", number)), "pageNumber");
        }
    }

    // ---- order ----------------------------------------------------------------------------------

    @Test
    void newestFirstThenByName() {
        SignedClient tenant = server.newTenant();
        Instant t0 = CLOCK.instant();
        create(tenant, "zeta");
        create(tenant, "alpha");
        CLOCK.advance(Duration.ofSeconds(3));
        create(tenant, "mid");
        CLOCK.advance(Duration.ofSeconds(3));
        create(tenant, "beta");

        ApiResponse listed = tenant.get(SECRETS);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(names(listed)).containsExactly("beta", "mid", "alpha", "zeta");
        List<String> createdAt = new ArrayList<>();
        listed.result().path("secrets").forEach(s -> createdAt.add(s.path("createdAt").asText()));
        assertThat(createdAt).containsExactly(t0.plusSeconds(6).toString(), t0.plusSeconds(3).toString(),
                t0.toString(), t0.toString());
    }

    // ---- the name filter --------------------------------------------------------------------------

    @Test
    void nameFilterIsCaseInsensitiveSubstring() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "my-web.example");
        create(tenant, "db-prod");

        assertThat(names(tenant.get(SECRETS, nameFilter("WEB")))).containsExactly("my-web.example", "web-prod");
        assertThat(names(tenant.get(SECRETS, nameFilter("Prod")))).containsExactly("db-prod", "web-prod");
        assertThat(names(tenant.get(SECRETS, nameFilter("b.ex")))).containsExactly("my-web.example");
        ApiResponse none = tenant.get(SECRETS, nameFilter("cache"));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.result().path("secrets")).isEmpty();
        assertThat(none.result().path("totalCount").asInt()).isZero();
    }

    @Test
    void nameFilterTreatsWildcardCharactersLiterally() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        for (String wildcard : new String[] {"%", "_", "web_prod", "w%d", "!"}) {
            ApiResponse listed = tenant.get(SECRETS, nameFilter(wildcard));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.result().path("totalCount").asInt()).as("filter %s", wildcard).isZero();
        }
    }

    @Test
    void nameFilterCountsAllMatchesAndPages() {
        SignedClient tenant = tenantWith25Secrets();
        create(tenant, "other");
        ApiResponse first = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.values.1", "S-", "pageSize", "10"));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.result().path("totalCount").asInt()).isEqualTo(25);
        assertThat(names(first)).containsExactlyElementsOf(expected25().subList(0, 10));
    }

    @Test
    void unknownFilterNameIsRejected() {
        SignedClient tenant = server.newTenant();
        ApiResponse status = tenant.get(SECRETS, query("filters.1.name", "status", "filters.1.values.1", "x"));
        assertInvalid(status, "filters.1.name");
        assertThat(status.errorMessage()).contains("status");

        ApiResponse type = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.values.1", "x",
                "filters.2.name", "secretType", "filters.2.values.1", "docker-registry"));
        assertInvalid(type, "filters.2.name");
    }

    @Test
    void nameFilterTakesOneValue() {
        SignedClient tenant = server.newTenant();
        ApiResponse two = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.values.1", "web",
                "filters.1.values.2", "db"));
        assertInvalid(two, "filters.1.values");
    }

    @Test
    void operatorEqOrEmptyIsAcceptedAndAnythingElseRejected() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "db-prod");

        ApiResponse eq = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.operator", "eq", "filters.1.values.1", "web"));
        assertThat(eq.status()).as(eq.toString()).isEqualTo(200);
        assertThat(names(eq)).containsExactly("web-prod");

        ApiResponse empty = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.operator", "", "filters.1.values.1", "web"));
        assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
        assertThat(names(empty)).containsExactly("web-prod");

        for (String operator : new String[] {"ne", "like", "in"}) {
            ApiResponse other = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.operator", operator,
                    "filters.1.values.1", "web"));
            assertInvalid(other, "filters.1.operator");
        }
    }

    @Test
    void filterWithoutValuesIsRejected() {
        SignedClient tenant = server.newTenant();
        assertInvalid(tenant.get(SECRETS, query("filters.1.name", "name")), "filters.1.values");
        assertInvalid(tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.operator", "eq")), "filters.1.values");
    }

    @Test
    void filterWithoutNameIsRejected() {
        SignedClient tenant = server.newTenant();
        assertInvalid(tenant.get(SECRETS, query("filters.1.values.1", "web")), "filters.1.name");
    }

    @Test
    void unindexedValuesFromTheCliIsOneValue() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "db-prod");
        ApiResponse listed = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.values", "db"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(names(listed)).containsExactly("db-prod");
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void sameFilterTwiceIsAnded() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "web-dev");
        create(tenant, "db-prod");
        ApiResponse listed = tenant.get(SECRETS, query("filters.1.name", "name", "filters.1.values.1", "web",
                "filters.2.name", "name", "filters.2.values.1", "prod"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(names(listed)).containsExactly("web-prod");
        assertThat(listed.result().path("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void filterIndicesAreOrderedNumericallyAndGapsIgnored() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "web-dev");
        ApiResponse listed = tenant.get(SECRETS, query("filters.3.name", "name", "filters.3.values.7", "dev"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(names(listed)).containsExactly("web-dev");
    }

    @Test
    void unknownQueryParametersAreIgnored() {
        SignedClient tenant = server.newTenant();
        create(tenant, "web-prod");
        create(tenant, "db-prod");
        ApiResponse listed = tenant.get(SECRETS, query("customHeader.x-trace-id", "abc123", "foo", "bar",
                "filters.1.name", "name", "filters.1.values.1", "web", "filters.1.extra", "1", "regionId", "cn-east-1"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(names(listed)).containsExactly("web-prod");
    }

    // ---- content --------------------------------------------------------------------------------

    @Test
    void listingNeverShowsThePassword() {
        SignedClient tenant = server.newTenant();
        create(tenant, "registry-one");
        create(tenant, "registry-two");
        ApiResponse listed = tenant.get(SECRETS);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.result().path("secrets")).hasSize(2);
        for (JsonNode secret : listed.result().path("secrets")) {
            assertThat(secret.path("type").asText()).isEqualTo("docker-registry");
            assertThat(secret.path("data").path("username").asText()).isEqualTo(Secrets.b64("bob"));
            assertThat(secret.path("data").has("password")).isFalse();
        }
        assertThat(listed.body()).doesNotContain("password")
                .doesNotContain(Secrets.b64(Secrets.PASSWORD))
                .doesNotContain(Secrets.PASSWORD);
    }

    @Test
    void emptyListHasEmptyArrayAndZeroTotal() {
        ApiResponse listed = server.newTenant().get(SECRETS);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.result().path("secrets").isArray()).isTrue();
        assertThat(listed.result().path("secrets")).isEmpty();
        assertThat(listed.result().path("totalCount").isIntegralNumber()).isTrue();
        assertThat(listed.result().path("totalCount").asInt()).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * A fresh account with s-00 … s-24, all created at the same instant (so ordered by name). The
     * default secret quota is 20, so the operator raises this account's to 30 first.
     */
    private static SignedClient tenantWith25Secrets() {
        ApiResponse account = server.admin().post("/admin/accounts", "{\"name\":\"lister\"}");
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        String accountId = account.result().path("account").path("accountId").asText();
        ApiResponse raised = server.admin().patch("/admin/accounts/" + accountId, "{\"quotas\":{\"secret\":30}}");
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        SignedClient tenant = server.client().withKeys(account.result().path("accessKey").asText(),
                account.result().path("secretKey").asText());
        // created out of order: the listing orders, not the insertion
        for (int i = 24; i >= 0; i--) {
            create(tenant, String.format("s-%02d", i));
        }
        return tenant;
    }

    private static List<String> expected25() {
        return IntStream.range(0, 25).mapToObj(i -> String.format("s-%02d", i)).toList();
    }

    private static void create(SignedClient tenant, String name) {
        ApiResponse created = tenant.post(SECRETS, Secrets.body(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    private static List<String> names(ApiResponse listed) {
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        listed.result().path("secrets").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static Map<String, String> nameFilter(String value) {
        return query("filters.1.name", "name", "filters.1.values.1", value);
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(response.json().has("result")).isFalse();
        assertThat(response.errorMessage()).as("message names %s", field)
                .matches("(?s).*(?<![\\w.])" + Pattern.quote(field) + "(?![\\w.]).*");
    }

}
