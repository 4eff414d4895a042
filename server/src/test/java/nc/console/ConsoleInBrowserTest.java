package nc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import nc.account.IssuedKey;
import nc.testing.Browser;
import nc.testing.OnEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver): sign-in
 * with the default account's key pair, every request signed in the browser, the container list
 * showing a real container. Screenshots of each page go to target/console-screenshots.
 */
class ConsoleInBrowserTest extends OnEngine {
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void screenshot(String name) {
        Browser.screenshot(browser, name);
    }

    private static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private static void signIn(String accessKey, String secretKey) {
        byId("access-key").clear();
        byId("access-key").sendKeys(accessKey);
        byId("secret-key").clear();
        byId("secret-key").sendKeys(secretKey);
        byId("sign-in-button").click();
    }

    /** The console in a new session: signed out, the regions loaded. */
    private static void freshPage() {
        browser.get("http://127.0.0.1:" + server.server().port() + "/console");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> !byId("region").findElements(By.tagName("option")).isEmpty());
    }

    /** A fresh page, signed in with the default account's keys, on its container list. */
    private static void signedInAsTheDefaultAccount() {
        IssuedKey key = server.server().createdDefaultAccount();
        freshPage();
        signIn(key.accessKey(), key.secretKey());
        await().atMost(Duration.ofSeconds(10)).until(() -> byId("nav").isDisplayed() && byId("containers").isDisplayed());
    }

    private static By rowOf(String id) {
        return By.cssSelector("#container-table tr[data-container-id='" + id + "']");
    }

    /** The status cell of the container's row, read in one step (the page redraws the table while it follows a change). */
    private static String statusShown(String id) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const row = document.querySelector(\"#container-table tr[data-container-id='\" + arguments[0] + \"']\");"
                        + " return row ? row.children[2].textContent : 'gone';", id);
    }

    /** Clicks a button of the container's row, once the row shows it. */
    private static void clickInRow(String id, String action) {
        By button = By.cssSelector("#container-table tr[data-container-id='" + id + "'] button[data-action='" + action + "']");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            browser.findElement(button).click();
            return true;
        });
    }

    private static void choose(String selectId, String value) {
        By option = By.cssSelector("#create-form select[name='" + selectId + "'] option[value='" + value + "']");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(option).isEmpty());
        browser.findElement(option).click();
    }

    @Test
    void createAContainerFromTheFormWatchItRunReadItsLogsAndDeleteIt() {
        signedInAsTheDefaultAccount();

        WebElement form = byId("create-form");
        form.findElement(By.name("name")).sendKeys("from-console");
        form.findElement(By.name("image")).sendKeys(engine.image());
        choose("secret", containers.secret());
        choose("subnetId", containers.network().subnetId());
        choose("securityGroup", containers.network().securityGroupId());
        byId("add-env").click();
        byId("add-env").click();
        List<WebElement> envs = browser.findElements(By.cssSelector("#env-rows .env-row"));
        envs.get(0).findElement(By.name("envName")).sendKeys("GREETING");
        envs.get(0).findElement(By.name("envValue")).sendKeys("hello from the console");
        envs.get(1).findElement(By.name("envName")).sendKeys("DROPPED");
        envs.get(1).findElement(By.cssSelector("button[data-action='remove']")).click();
        byId("add-disk").click();
        WebElement disk = browser.findElement(By.cssSelector("#disk-rows .disk-row"));
        disk.findElement(By.name("diskPath")).sendKeys("/data");
        disk.findElement(By.name("diskSize")).clear();
        disk.findElement(By.name("diskSize")).sendKeys("30");
        disk.findElement(By.cssSelector("select[name='diskFs'] option[value='ext4']")).click();
        screenshot("5-create-form");
        byId("create-button").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> byId("create-result").getText().startsWith("Created c-"));
        String id = byId("create-result").getText().substring("Created ".length());

        // the page follows pending to running by itself
        await().atMost(Duration.ofSeconds(60)).until(() -> statusShown(id).equals("running"));
        assertThat(containers.describe(id).path("image").asText()).isEqualTo(engine.image());
        assertThat(containers.describe(id).path("name").asText()).isEqualTo("from-console");
        // the variable and the disk of the form reached the engine; the removed row did not
        assertThat(containers.describe(id).path("envs").toString()).contains("GREETING").doesNotContain("DROPPED");
        assertThat(nc.testing.Engine.inspect("container", "nc-" + id).path("Config").path("Env").toString())
                .contains("GREETING=hello from the console").doesNotContain("DROPPED");
        var volume = containers.describe(id).path("dataVolumes").get(0);
        assertThat(volume.path("mountPath").asText()).isEqualTo("/data");
        assertThat(volume.path("fsType").asText()).isEqualTo("ext4");
        assertThat(nc.testing.Engine.docker("exec", "nc-" + id, "sh", "-c", "cat /proc/mounts")).contains(" /data ext4 rw");
        String df = nc.testing.Engine.docker("exec", "nc-" + id, "sh", "-c", "df -k /data").lines().skip(1).findFirst().orElseThrow();
        assertThat(Long.parseLong(df.trim().split("\\s+")[1])).as("a 30 GB filesystem at /data").isBetween(29L << 20, 30L << 20);
        assertThat(browser.findElements(By.cssSelector("#env-rows .env-row, #disk-rows .disk-row"))).as("the form is emptied").isEmpty();
        screenshot("6-created-running");

        clickInRow(id, "logs");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            byId("logs-refresh").click();
            assertThat(byId("logs-text").getText()).contains("started").contains("tick 1");
        });
        assertThat(byId("logs-of").getText()).isEqualTo(id);
        screenshot("7-logs");

        clickInRow(id, "delete");
        await().atMost(Duration.ofSeconds(60)).until(() -> statusShown(id).equals("gone"));
        containers.awaitStatus(id, "gone", Duration.ofSeconds(30));
        screenshot("8-deleted");
    }

    private static List<String> rowTexts(String tableId) {
        @SuppressWarnings("unchecked")
        List<String> rows = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr'), tr => tr.innerText);", tableId);
        return rows;
    }

    /** The ids in the container table as shown now. */
    private static List<String> idsShown() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#container-table tbody tr'), tr => tr.dataset.containerId);");
        return ids;
    }

    @Test
    void theContainerListIsPagedAndEveryContainerIsOnExactlyOnePage() {
        containers.create(containers.body(11, null, "sleep"));
        try {
            var listed = containers.client().get(nc.testing.Containers.BASE, java.util.Map.of("pageSize", "100")).result();
            int total = listed.path("totalCount").asInt();
            java.util.Set<String> all = new java.util.HashSet<>();
            listed.path("containers").forEach(c -> all.add(c.path("containerId").asText()));
            assertThat(total).isGreaterThanOrEqualTo(11);
            int pages = (total + 9) / 10;

            signedInAsTheDefaultAccount();
            byId("page-size").findElement(By.cssSelector("option[value='10']")).click();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(byId("page-info").getText()).isEqualTo("Page 1 of " + pages));
            assertThat(byId("page-prev").isEnabled()).isFalse();
            assertThat(byId("container-count").getText()).isEqualTo(total + " container(s)");
            screenshot("11-containers-paged");
            java.util.List<String> seen = new java.util.ArrayList<>();
            for (int page = 1; page <= pages; page++) {
                int number = page;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(byId("page-info").getText())
                        .isEqualTo("Page " + number + " of " + pages));
                List<String> shown = idsShown();
                assertThat(shown).hasSize(number < pages ? 10 : total - 10 * (pages - 1));
                seen.addAll(shown);
                assertThat(byId("page-next").isEnabled()).isEqualTo(number < pages);
                if (number < pages) {
                    byId("page-next").click();
                }
            }
            assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
            byId("page-prev").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> byId("page-info").getText().equals("Page " + (pages - 1) + " of " + pages));
            // a filter goes back to the first page
            byId("status-filter").findElement(By.cssSelector("option[value='error']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> byId("page-info").getText().equals("Page 1 of 1"));
            byId("status-filter").findElement(By.cssSelector("option[value='']")).click();
        } finally {
            containers.deleteAll();
        }
    }

    @Test
    void addAndDeleteARegistrySecretAndSeeTheNetworks() {
        signedInAsTheDefaultAccount();

        browser.findElement(By.cssSelector("#nav button[data-page='secrets']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> byId("secrets").isDisplayed() && !byId("containers").isDisplayed());
        WebElement form = byId("secret-form");
        form.findElement(By.name("name")).sendKeys("from-console");
        form.findElement(By.name("server")).sendKeys("registry.example.com:5000");
        form.findElement(By.name("username")).sendKeys("bob");
        form.findElement(By.name("password")).sendKeys("s3cr3t-from-the-console");
        byId("secret-button").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> rowTexts("secret-table").stream().anyMatch(r -> r.startsWith("from-console")));
        assertThat(rowTexts("secret-table").stream().filter(r -> r.startsWith("from-console")).findFirst().orElseThrow())
                .contains("registry.example.com:5000").contains("bob").doesNotContain("s3cr3t");
        // the server holds what the page sent, Base64 as the API wants it
        var stored = containers.client().get("/v1/regions/cn-north-1/secrets/from-console").result().path("secret").path("data");
        assertThat(stored.path("server").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                "registry.example.com:5000".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        screenshot("9-secrets");

        By delete = By.cssSelector("#secret-table tr[data-secret='from-console'] button[data-action='delete']");
        browser.findElement(delete).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> rowTexts("secret-table").stream().noneMatch(r -> r.startsWith("from-console")));
        assertThat(containers.client().get("/v1/regions/cn-north-1/secrets/from-console").status()).isEqualTo(404);

        browser.findElement(By.cssSelector("#nav button[data-page='networks']")).click();
        nc.network.DefaultNetwork network = containers.network();
        await().atMost(Duration.ofSeconds(10)).until(() -> rowTexts("subnet-table").stream().anyMatch(r -> r.contains(network.subnetId())));
        assertThat(rowTexts("vpc-table")).anyMatch(r -> r.contains(network.vpcId()) && r.contains("10.240.0.0/16"));
        assertThat(rowTexts("subnet-table")).anyMatch(r -> r.contains(network.subnetId()) && r.contains("10.240.0.0/24"));
        assertThat(rowTexts("group-table")).anyMatch(r -> r.contains(network.securityGroupId()));
        screenshot("10-networks");
    }

    @Test
    void signInWithAKeyPairAndSeeTheContainersWithTheirStatus() {
        String id = containers.createOne(null, "sleep");
        containers.awaitRunning(id);
        IssuedKey key = server.server().createdDefaultAccount();

        freshPage();
        Object loadMillis = ((JavascriptExecutor) browser).executeScript(
                "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;");
        System.out.println("console page load: " + loadMillis + " ms");
        List<String> regions = byId("region").findElements(By.tagName("option")).stream().map(WebElement::getText).toList();
        assertThat(regions).contains("cn-north-1", "cn-south-1");
        screenshot("1-sign-in");

        // a wrong secret key: the server refuses the browser's signature and the page says so
        signIn(key.accessKey(), key.secretKey() + "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> !byId("sign-in-error").getText().isEmpty());
        assertThat(byId("sign-in-error").getText()).contains("UNAUTHENTICATED");
        assertThat(byId("containers").isDisplayed()).isFalse();
        screenshot("2-sign-in-refused");

        signIn(key.accessKey(), key.secretKey());
        By row = rowOf(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(row).isEmpty());
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelector(\"#container-table tr[data-container-id='\" + arguments[0] + \"']\").children,"
                        + " td => td.textContent);", id);
        assertThat(cells.get(0)).isEqualTo(id);
        assertThat(cells.get(1)).isEqualTo("it-app");
        assertThat(cells.get(2)).isEqualTo("running");
        assertThat(cells.get(4)).isEqualTo(containers.describe(id).path("privateIpAddress").asText());
        assertThat(byId("who").getText()).contains(key.accessKey()).contains("cn-north-1");
        assertThat(byId("container-count").getText()).endsWith("container(s)");
        screenshot("3-containers");

        // stopped from elsewhere: a refresh shows it; then started again from the page
        assertThat(containers.action(id, "stopContainer").status()).isEqualTo(200);
        containers.awaitStatus(id, "stopped", Duration.ofSeconds(30));
        byId("refresh").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusShown(id).equals("stopped"));
        screenshot("4-containers-refreshed");
        clickInRow(id, "start");
        await().atMost(Duration.ofSeconds(30)).until(() -> statusShown(id).equals("running"));
        assertThat(containers.status(id)).isEqualTo("running");

        // the status filter asks the server for stopped containers only
        byId("status-filter").findElement(By.cssSelector("option[value='stopped']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusShown(id).equals("gone"));
        byId("status-filter").findElement(By.cssSelector("option[value='']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusShown(id).equals("running"));
    }
}
