package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Clip;
import dev.resilientshop.systemtests.Chromium;
import dev.resilientshop.systemtests.Screenshots;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.drills.Drill;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * pricing and see it go down, start it and see it come back. While recommendations are slow, a
 * trickle of product pages gives the live view something to show: the test waits until the
 * product page's recommendations row says the breaker is open and falling back, with its chart
 * drawn, and opens a product page to see the "Popular items" fallback. Screenshots land in
 * system-tests/target/artifacts/ (the CI keeps them as artifacts); the ones the docs show are
 * also written to docs/img/ with {@code -Dscreenshots.update=true} ({@link Screenshots}).
 */
@ExtendWith(Shop.class)
@Order(900)
class OpsPageBrowserTest {

    /** The ops page's "slow" preset (ops.js): every request to the service waits this long. */
    static final long SLOW_MS = 4800;
    /** A recommendations endpoint that chaos applies to; /q/health/live is exempt and proves nothing. */
    static final String FAULTED = "/recommendations/popular";
    /** The product page the live view's traffic and the degraded-page screenshot use. */
    static final String PRODUCT = "/p/AUD-0001";
    /** The live view's row for the product page's calls to recommendations (ops.js: caller/dependency). */
    static final String RECS_ROW = "[data-dep='product-page/recommendations']";

    static Playwright playwright;
    static Browser browser;

    private final Shop shop = Shop.get();

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
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
        var page = Screenshots.page(browser);
        page.navigate(shop.url("product-page", "/ops").toString());
        assertThat(page.locator("form[action='/ops/login']").isVisible())
                .as("the ops page asks for the token first")
                .isTrue();
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

        // the product page before the fault, for comparison: personal recommendations
        // (an earlier class may have left the recommendations breaker open: it closes within its
        // reset timeout, so the healthy page is asked for again until it shows personal picks)
        var healthy = Screenshots.page(browser);
        var heading = new AtomicReference<String>();
        Drill.await(Duration.ofSeconds(20), () -> {
            assertThat(healthy.navigate(shop.url("product-page", PRODUCT).toString())
                            .status())
                    .isEqualTo(200);
            heading.set(healthy.locator("#recs-heading").textContent());
            return !heading.get().equals("Popular items");
        });
        assertThat(heading.get()).isIn("Recommended for you", "Customers also bought");
        assertThat(healthy.locator(".recommendations .product-row .card").count())
                .as("recommendations shown")
                .isPositive();
        Screenshots.forDocs(healthy, "product-page", true);
        healthy.close();

        long clicked = System.nanoTime();
        card.locator("button[data-preset=slow]").click();
        waitForText(card.locator("[data-role=faults]"), "latency 4800 ms", 10_000);
        long reactedMs = (System.nanoTime() - clicked) / 1_000_000;
        System.out.printf("ops page: fault on recommendations shown %d ms after the click%n", reactedMs);
        // one poll a second: the change must show within two polls of the click (plus the request itself)
        assertThat(reactedMs).isLessThan(3_000);

        // shoppers meanwhile: product pages for the live view to show (they open the breaker)
        try (var shoppers = new Shoppers(shop)) {
            // the fault is real: a request to an endpoint chaos applies to (not /ops or /q/, which are
            // exempt so a drill can always switch chaos off) waits at least the injected delay
            var slowed = timedGet("recommendations", FAULTED);
            System.out.printf(
                    "ops page: GET %s on recommendations with the fault: %d, %d ms%n",
                    FAULTED, slowed.status(), slowed.millis());
            assertThat(slowed.status())
                    .as("GET %s answers through the delay", FAULTED)
                    .isEqualTo(200);
            assertThat(slowed.millis())
                    .as("GET %s with the page's 4800 ms latency fault, ms", FAULTED)
                    .isGreaterThanOrEqualTo(SLOW_MS);

            // the live view: the product page's calls to recommendations, breaker open, falling back, charted
            var row = page.locator(RECS_ROW);
            long waitFrom = System.nanoTime();
            waitUntil(
                    page,
                    () -> "open".equals(row.getAttribute("data-breaker"))
                            && rate(row, "fallbacks") > 0
                            && chartPoints(page, "product-page/recommendations") >= 5,
                    20_000,
                    () -> "the recommendations row open and falling back, chart drawn; row: "
                            + (row.count() == 0 ? "none" : row.innerText()));
            System.out.printf(
                    "ops page: recommendations breaker open, %.1f fallbacks/s, %d chart points, %d ms after the slow call; "
                            + "%d product pages sent%n",
                    rate(row, "fallbacks"),
                    chartPoints(page, "product-page/recommendations"),
                    (System.nanoTime() - waitFrom) / 1_000_000,
                    shoppers.sent());
            assertThat(row.locator("[data-role=breaker]").textContent()).isEqualTo("breaker open");
            assertThat(row.locator("[data-role=chart] canvas").count())
                    .as("the row's uPlot chart")
                    .isPositive();

            // a shopper's product page meanwhile: the fallback row, said so, and no error
            var product = Screenshots.page(browser);
            var response = product.navigate(shop.url("product-page", PRODUCT).toString());
            assertThat(response.status())
                    .as("GET %s while recommendations are slow", PRODUCT)
                    .isEqualTo(200);
            assertThat(product.locator("#recs-heading").textContent()).isEqualTo("Popular items");
            assertThat(product.locator(".recommendations .muted.small").textContent())
                    .contains("Personal recommendations are taking a break");
            assertThat(product.locator(".recommendations .product-row .card").count())
                    .as("popular items shown")
                    .isPositive();
            Screenshots.forDocs(product, "product-page-recommendations-slow", true);
            product.close();

            Screenshots.forDocs(page, "ops-recommendations-slow", untilTheEndOf(page, "[data-caller='product-page']"));
        }

        card.locator("button[data-chaos-off]").click();
        waitForText(card.locator("[data-role=faults]"), "no faults", 10_000);
        // and cleared from the page, it is gone from the service
        var cleared = timedGet("recommendations", FAULTED);
        System.out.printf(
                "ops page: GET %s on recommendations after No faults: %d, %d ms%n",
                FAULTED, cleared.status(), cleared.millis());
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.millis())
                .as("GET %s after the page cleared the fault, ms (below the delay it injected)", FAULTED)
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
        Screenshots.artifact(page, "ops-pricing-killed", true);

        card.locator("button[data-process=start]").click();
        waitForAttribute(card, "data-state", "ready", 90_000);
        assertThat(shop.get("pricing", "/q/health/ready").statusCode()).isEqualTo(200);
    }

    record Timed(int status, long millis) {}

    /**
     * Product pages from one background client, four a second (below the product page's 10/s rate
     * limit for a client, with the ops page's polls on top), until closed.
     */
    static final class Shoppers implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread thread;

        Shoppers(Shop shop) {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            try {
                                shop.get("product-page", PRODUCT);
                                sent.incrementAndGet();
                                Thread.sleep(250);
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                // the page answers through the fault; an error here shows in the live view
                            }
                        }
                    },
                    "shoppers");
            thread.setDaemon(true);
            thread.start();
        }

        int sent() {
            return sent.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(15_000);
        }
    }

    /** A rate the live view shows for a dependency (calls, errors, fallbacks... per second). */
    private static double rate(Locator row, String role) {
        var text =
                row.count() == 0 ? "" : row.locator("[data-role=" + role + "]").textContent();
        return text == null || text.isBlank() ? 0 : Double.parseDouble(text);
    }

    /** How many polls the live view's chart for caller/dependency holds (ops.js keeps its uPlot charts in {@code charts}). */
    private static int chartPoints(Page page, String key) {
        return ((Number) page.evaluate("k => charts.has(k) ? charts.get(k).data[0].length : 0", key)).intValue();
    }

    /** The page from its top to the bottom of {@code selector}, full width. */
    private static Clip untilTheEndOf(Page page, String selector) {
        var box = page.locator(selector).boundingBox();
        return new Clip(0, 0, Screenshots.WIDTH, Math.ceil(box.y + box.height + 16));
    }

    private static void waitUntil(
            Page page,
            java.util.function.BooleanSupplier condition,
            int timeoutMs,
            java.util.function.Supplier<String> state) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis())
                    .as("waiting for %s", state.get())
                    .isLessThan(end);
            page.waitForTimeout(200);
        }
    }

    private Timed timedGet(String service, String path) throws Exception {
        long start = System.nanoTime();
        int status = shop.get(service, path).statusCode();
        return new Timed(status, (System.nanoTime() - start) / 1_000_000);
    }

    private static void waitForText(Locator locator, String text, int timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!text.equals(locator.textContent())) {
            assertThat(System.currentTimeMillis())
                    .as("waiting for '%s', still '%s'", text, locator.textContent())
                    .isLessThan(end);
            locator.page().waitForTimeout(100);
        }
    }

    private static void waitForAttribute(Locator locator, String name, String value, int timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!value.equals(locator.getAttribute(name))) {
            assertThat(System.currentTimeMillis())
                    .as("waiting for %s=%s, still %s", name, value, locator.getAttribute(name))
                    .isLessThan(end);
            locator.page().waitForTimeout(100);
        }
    }
}
