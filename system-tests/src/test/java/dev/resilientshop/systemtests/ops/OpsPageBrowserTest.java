package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.resilientshop.systemtests.Shop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person at the ops page, in Debian's Chromium driven by Playwright: log in with the ops
 * token, slow the recommendations service with one click, see the live view say so and a request
 * to the service itself take the injected delay (and not after the page cleared it); kill
 * pricing and see it go down, start it and see it come back. Screenshots land in
 * system-tests/target/artifacts/ (the CI keeps them as artifacts).
 */
@ExtendWith(Shop.class)
@Order(900)
class OpsPageBrowserTest {

    static final String CHROMIUM = System.getProperty("shop.chromium", "/usr/lib/chromium/chromium");
    /** The ops page's "slow" preset (ops.js): every request to the service waits this long. */
    static final long SLOW_MS = 4800;
    /** A recommendations endpoint that chaos applies to; /q/health/live is exempt and proves nothing. */
    static final String FAULTED = "/recommendations/popular";
    static Playwright playwright;
    static Browser browser;

    private final Shop shop = Shop.get();

    @BeforeAll
    static void launch() throws Exception {
        assertThat(Path.of(CHROMIUM)).as("Chromium at %s (apt-get install chromium)", CHROMIUM).exists();
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        // (launch() gives Chromium a fresh, empty profile of its own: no --user-data-dir needed)
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void leaveTheShopAsWeFoundIt() throws Exception {
        shop.run(Duration.ofSeconds(30), "chaos", "recommendations", "off");
        shop.run(Duration.ofMinutes(3), "start", "pricing");
    }

    private Page loggedIn() throws Exception {
        var page = browser.newPage();
        page.setViewportSize(1400, 1800);
        page.navigate(shop.url("product-page", "/ops").toString());
        assertThat(page.locator("form[action='/ops/login']").isVisible()).as("the ops page asks for the token first").isTrue();
        page.fill("#token", "not-the-token");
        page.click("button[type=submit]");
        assertThat(page.locator("[role=alert]").textContent()).contains("not the ops token");
        page.fill("#token", shop.opsToken());
        page.click("button[type=submit]");
        page.waitForSelector("#pulse.ok", new Page.WaitForSelectorOptions().setTimeout(10_000));
        return page;
    }

    @Test
    void slowingRecommendationsShowsInTheLiveView() throws Exception {
        var page = loggedIn();
        var card = page.locator("[data-service='recommendations']");
        waitForText(card.locator("[data-role=faults]"), "no faults", 10_000);

        long clicked = System.nanoTime();
        card.locator("button[data-preset=slow]").click();
        waitForText(card.locator("[data-role=faults]"), "latency 4800 ms", 10_000);
        long reactedMs = (System.nanoTime() - clicked) / 1_000_000;
        System.out.printf("ops page: fault on recommendations shown %d ms after the click%n", reactedMs);
        // one poll a second: the change must show within two polls of the click (plus the request itself)
        assertThat(reactedMs).isLessThan(3_000);

        // the fault is real: a request to an endpoint chaos applies to (not /ops or /q/, which are
        // exempt so a drill can always switch chaos off) waits at least the injected delay
        var slowed = timedGet("recommendations", FAULTED);
        System.out.printf("ops page: GET %s on recommendations with the fault: %d, %d ms%n", FAULTED, slowed.status(), slowed.millis());
        assertThat(slowed.status()).as("GET %s answers through the delay", FAULTED).isEqualTo(200);
        assertThat(slowed.millis()).as("GET %s with the page's 4800 ms latency fault, ms", FAULTED).isGreaterThanOrEqualTo(SLOW_MS);
        page.screenshot(new Page.ScreenshotOptions().setPath(shop.artifacts().resolve("ops-recommendations-slow.png")).setFullPage(true));

        card.locator("button[data-chaos-off]").click();
        waitForText(card.locator("[data-role=faults]"), "no faults", 10_000);
        // and cleared from the page, it is gone from the service
        var cleared = timedGet("recommendations", FAULTED);
        System.out.printf("ops page: GET %s on recommendations after No faults: %d, %d ms%n", FAULTED, cleared.status(), cleared.millis());
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.millis()).as("GET %s after the page cleared the fault, ms (below the delay it injected)", FAULTED)
                .isLessThan(SLOW_MS);
    }

    @Test
    void killingAServiceShowsItDownAndStartBringsItBack() throws Exception {
        var page = loggedIn();
        var card = page.locator("[data-service='pricing']");
        waitForAttribute(card, "data-state", "ready", 10_000);

        long clicked = System.nanoTime();
        card.locator("button[data-process=kill]").click();
        waitForAttribute(card, "data-state", "down", 15_000);
        System.out.printf("ops page: pricing shown down %d ms after Kill%n", (System.nanoTime() - clicked) / 1_000_000);
        assertThat(card.locator("[data-role=command]").textContent()).contains("./shop kill pricing");
        page.screenshot(new Page.ScreenshotOptions().setPath(shop.artifacts().resolve("ops-pricing-killed.png")).setFullPage(true));

        card.locator("button[data-process=start]").click();
        waitForAttribute(card, "data-state", "ready", 90_000);
        assertThat(shop.get("pricing", "/q/health/ready").statusCode()).isEqualTo(200);
    }

    record Timed(int status, long millis) {
    }

    private Timed timedGet(String service, String path) throws Exception {
        long start = System.nanoTime();
        int status = shop.get(service, path).statusCode();
        return new Timed(status, (System.nanoTime() - start) / 1_000_000);
    }

    private static void waitForText(Locator locator, String text, int timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!text.equals(locator.textContent())) {
            assertThat(System.currentTimeMillis()).as("waiting for '%s', still '%s'", text, locator.textContent()).isLessThan(end);
            locator.page().waitForTimeout(100);
        }
    }

    private static void waitForAttribute(Locator locator, String name, String value, int timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!value.equals(locator.getAttribute(name))) {
            assertThat(System.currentTimeMillis()).as("waiting for %s=%s, still %s", name, value, locator.getAttribute(name))
                    .isLessThan(end);
            locator.page().waitForTimeout(100);
        }
    }
}
