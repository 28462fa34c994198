package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.testsupport.load.LoadGenerator;
import dev.resilientshop.testsupport.load.Mix;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 20: the first product page after {@code ./shop up} said "all services ready"
 * showed all three fallbacks ("Our inventory service is not answering", "Last known price",
 * "Popular items"; rendered in 608 ms), because the JIT and every connection pool were cold. The
 * product page now warms every dependency client before its readiness turns UP, so the first
 * page a newcomer opens is the healthy one. Runs first of all classes ({@code @Order(0)}): the
 * shop has just come up and nobody has opened a page yet.
 *
 * <p>Then the first seconds under load: one healthy page is not a warm shop. Right after
 * {@code ./shop up} said ready, 40 product pages per second for 10 s served 1 and 27 of 400 pages
 * full in two runs, the rest degraded: the breakers of healthy dependencies opened while seven
 * JVMs were still compiling. (At 20 pages per second the shop kept up even then, so the test
 * offers 40.)
 */
@ExtendWith(Shop.class)
@Order(0)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstPageAfterUpTest {

    /** Product pages per second offered at once after the first page, and for how long. */
    static final int RPS = 40;

    static final Duration LOAD = Duration.ofSeconds(10);
    /** The share of the pages sent that must come full: within the 500 ms budget, no fallback. */
    static final double FULL_SHARE = 0.9;

    /** What the product page says when a part of it came from a fallback or is missing. */
    static final List<String> FALLBACK_TEXT = List.of(
            "not answering",
            "Stock counts may lag",
            "Last known price",
            "Popular items",
            "Price unavailable",
            "Recommendations are unavailable");

    private final Shop shop = Shop.get();

    @Test
    @Order(1)
    void theFirstProductPageAfterUpShowsNoFallback() throws Exception {
        // a newcomer: no cookies, no earlier request to the product page
        var request = HttpRequest.newBuilder(shop.url("product-page", "/p/CAM-0003"))
                .timeout(Duration.ofSeconds(10))
                .build();
        var page = shop.http.send(request, HttpResponse.BodyHandlers.ofString());

        var rendered = page.body().replaceAll("(?s).*rendered in (\\d+ ms).*", "$1");
        System.out.println("FIRST PAGE after ./shop up: HTTP " + page.statusCode() + ", rendered in " + rendered);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("CAM-0003");
        for (var text : FALLBACK_TEXT) {
            assertThat(page.body()).as("the first page says \"%s\"", text).doesNotContain(text);
        }
    }

    @Test
    @Order(2)
    void theFirstTenSecondsOfLoadAfterUpServeFullPages() throws Exception {
        var plan = new LoadGenerator.Plan(RPS, LOAD, Mix.only("product"), 64, Duration.ofMillis(10));
        var pages = new ShopRequests(shop.url("product-page", "/"), Duration.ofSeconds(5));
        var stats = new LoadGenerator(plan, pages).run(Duration.ofSeconds(6));

        var summary = stats.summary(LOAD.toSeconds());
        var p = summary.pages();
        System.out.printf(
                "FIRST %d s after ./shop up at %d product pages/s: %d sent, %d full, %d degraded, %d slow, %d shed,"
                        + " %d errors; p99 served %.0f ms%n",
                LOAD.toSeconds(),
                RPS,
                summary.sent(),
                p.full(),
                p.degraded(),
                p.slow(),
                p.shed(),
                p.errors(),
                p.servedP99());
        assertThat(summary.sent()).as("pages sent").isGreaterThanOrEqualTo(plan.arrivals() * 9 / 10);
        assertThat(p.full())
                .as("full pages of %d sent in the first %d s at %d/s", summary.sent(), LOAD.toSeconds(), RPS)
                .isGreaterThanOrEqualTo((long) Math.ceil(FULL_SHARE * summary.sent()));
    }
}
