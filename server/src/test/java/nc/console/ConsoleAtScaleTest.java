package nc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nc.account.IssuedKey;
import nc.network.DefaultNetwork;
import nc.runtime.FakeRuntime;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.Browser;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The console with 200 containers (on the fake runtime: the page and the API are what is
 * measured, not the engine), in a real headless Chromium: the figures of docs/operator-guide.md
 * (page load, sign-in until the first page of the list is drawn, a page of 100 drawn) are printed,
 * not asserted; what is asserted is what the user sees: every container counted, pages of the
 * chosen size.
 */
class ConsoleAtScaleTest {
    private static final int CONTAINERS = 200;
    private static final int RUNS = 5;

    @Test
    void theConsoleWithTwoHundredContainers() {
        WebDriver browser = Browser.open();
        try (TestServer server = TestServer.start(TestDatabase.H2, c -> c, new FakeRuntime())) {
            IssuedKey key = server.server().createdDefaultAccount();
            ApiResponse raised = server.admin().patch("/admin/accounts/" + key.accountId(), "{\"quotas\":{\"container\":" + CONTAINERS + "}}");
            assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
            DefaultNetwork network = server.server().createdDefaultNetwork();
            for (int i = 0; i < CONTAINERS / 100; i++) {
                ApiResponse created = server.client().post("/v1/regions/cn-north-1/containers", Containers.forFakeRuntime(network, 100));
                assertThat(created.status()).as(created.toString()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> server.client()
                    .get("/v1/regions/cn-north-1/containers", Map.of("pageSize", "10", "filters.1.name", "status",
                            "filters.1.values.1", "running")).result().path("totalCount").asInt() == CONTAINERS);
            JavascriptExecutor js = (JavascriptExecutor) browser;
            String console = server.endpoint() + "/console";

            double bestLoad = Double.MAX_VALUE;
            double bestList = Double.MAX_VALUE;
            double bestHundred = Double.MAX_VALUE;
            for (int run = 0; run < RUNS; run++) {
                browser.get(console);
                js.executeScript("sessionStorage.clear()");
                browser.navigate().refresh();
                await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElement(By.id("region")).findElements(By.tagName("option")).isEmpty());
                bestLoad = Math.min(bestLoad, ((Number) js.executeScript(
                        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;")).doubleValue());

                watchPageInfo(js, "Page 1 of 10");
                browser.findElement(By.id("access-key")).sendKeys(key.accessKey());
                browser.findElement(By.id("secret-key")).sendKeys(key.secretKey());
                js.executeScript("window.ncStarted = performance.now(); document.getElementById('sign-in-button').click();");
                bestList = Math.min(bestList, drawnAfter(js));
                assertThat(browser.findElement(By.id("container-count")).getText()).isEqualTo(CONTAINERS + " container(s)");
                assertThat(browser.findElements(By.cssSelector("#container-table tbody tr"))).hasSize(20);

                watchPageInfo(js, "Page 1 of 2");
                js.executeScript("window.ncStarted = performance.now(); const s = document.getElementById('page-size');"
                        + " s.value = '100'; s.dispatchEvent(new Event('change'));");
                bestHundred = Math.min(bestHundred, drawnAfter(js));
                assertThat(browser.findElements(By.cssSelector("#container-table tbody tr"))).hasSize(100);
            }
            Browser.screenshot(browser, "12-two-hundred-containers");
            System.out.printf("console with %d containers (best of %d): page load %.0f ms, sign-in to the first page (20) drawn %.0f ms,"
                    + " a page of 100 drawn %.0f ms%n", CONTAINERS, RUNS, bestLoad, bestList, bestHundred);
        } finally {
            browser.quit();
        }
    }

    /** Records in the page when #page-info first reads {@code text}. */
    private static void watchPageInfo(JavascriptExecutor js, String text) {
        js.executeScript("window.ncDrawn = null; const info = document.getElementById('page-info');"
                + " new MutationObserver((m, o) => { if (info.textContent === arguments[0]) { window.ncDrawn = performance.now(); o.disconnect(); } })"
                + ".observe(info, {childList: true, characterData: true, subtree: true});", text);
    }

    /** Milliseconds from window.ncStarted until the watched text was drawn. */
    private static double drawnAfter(JavascriptExecutor js) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> js.executeScript("return window.ncDrawn") != null);
        return ((Number) js.executeScript("return window.ncDrawn - window.ncStarted")).doubleValue();
    }
}
