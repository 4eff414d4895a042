package nc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nc.account.IssuedKey;
import nc.testing.OnEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver): sign-in
 * with the default account's key pair, every request signed in the browser, the container list
 * showing a real container. Screenshots of each page go to target/console-screenshots.
 */
class ConsoleInBrowserTest extends OnEngine {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String need = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
        if (System.getenv("NC_REQUIRE_BROWSER") != null) {
            assertThat(present).as(need).isTrue();
        }
        assumeTrue(present, need);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    @Test
    void signInWithAKeyPairAndSeeTheContainersWithTheirStatus() {
        String id = containers.createOne(null, "sleep");
        containers.awaitRunning(id);
        IssuedKey key = server.server().createdDefaultAccount();

        browser.get("http://127.0.0.1:" + server.server().port() + "/console");
        await().atMost(Duration.ofSeconds(10)).until(() -> !byId("region").findElements(By.tagName("option")).isEmpty());
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
        By row = By.cssSelector("#container-table tr[data-container-id='" + id + "']");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(row).isEmpty());
        List<String> cells = browser.findElement(row).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(0)).isEqualTo(id);
        assertThat(cells.get(1)).isEqualTo("it-app");
        assertThat(cells.get(2)).isEqualTo("running");
        assertThat(cells.get(4)).isEqualTo(containers.describe(id).path("privateIpAddress").asText());
        assertThat(byId("who").getText()).contains(key.accessKey()).contains("cn-north-1");
        assertThat(byId("container-count").getText()).startsWith("1 container");
        screenshot("3-containers");

        // a stopped container shows as stopped after a refresh
        assertThat(containers.action(id, "stopContainer").status()).isEqualTo(200);
        containers.awaitStatus(id, "stopped", Duration.ofSeconds(30));
        byId("refresh").click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(row).findElements(By.tagName("td")).get(2).getText().equals("stopped"));
        screenshot("4-containers-refreshed");
    }
}
