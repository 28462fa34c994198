package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeneratorLoadTest {

    private HttpServer server;

    private URI serve(long delayMillis, String body, AtomicInteger arrivals) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            arrivals.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(
                    exchange.getRequestURI().getPath().startsWith("/p/") ? 200 : 503, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The JDK's HTTP client takes a moment to start on a loaded machine: time from the first arrival. */
    private static void awaitAtLeast(AtomicInteger arrivals, int n) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (arrivals.get() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(arrivals.get()).isGreaterThanOrEqualTo(n);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void arrivalsKeepTheirRateWhenTheServerIsSlow() throws Exception {
        var arrivals = new AtomicInteger();
        var base = serve(3_000, "ok", arrivals);
        try (var load = new GeneratorLoad(base, 20, Map.of("product", 1), Duration.ofSeconds(30), 400)) {
            load.start();
            awaitAtLeast(arrivals, 1);
            Thread.sleep(500); // the schedule's first arrivals, late while the HTTP client started, catch up
            int before = arrivals.get();
            Thread.sleep(1_000);
            // not one answer came back in that second, yet ~20 more requests arrived: the rate holds
            // (a closed model's clients would all be waiting for their first answer)
            assertThat(arrivals.get() - before).isBetween(12, 28);
            assertThat(load.interval().count()).isZero();
        }
    }

    @Test
    void outcomesAreCountedByKindStatusAndNotice() throws Exception {
        var arrivals = new AtomicInteger();
        var base = serve(0, "<p class=\"notice banner\" role=\"status\">Stock counts may lag</p>", arrivals);
        try (var load = new GeneratorLoad(base, 50, Map.of("product", 1, "browse", 1), Duration.ofSeconds(30), 400)) {
            load.start();
            awaitAtLeast(arrivals, 20);
            Thread.sleep(1_500); // answers are recorded when they come back: give a loaded machine time
            var interval = load.interval();
            var product = interval.kind("product");
            var browse = interval.kind("browse");
            assertThat(product.count()).isPositive();
            assertThat(product.status(200)).isEqualTo(product.count());
            assertThat(product.banners()).isEqualTo(product.count());
            assertThat(product.stockBanners()).isEqualTo(product.count());
            assertThat(browse.failures()).isEqualTo(browse.count()).isPositive(); // 503s
            assertThat(browse.banners())
                    .as("an error page's words are no notice")
                    .isZero();
            assertThat(interval.pages().count()).isEqualTo(product.count() + browse.count());
        }
    }

    @Test
    void aCapOnRequestsInFlightDropsArrivalsInsteadOfQueueingThem() throws Exception {
        var arrivals = new AtomicInteger();
        var base = serve(3_000, "ok", arrivals);
        try (var load = new GeneratorLoad(base, 20, Map.of("product", 1), Duration.ofSeconds(30), 5)) {
            load.start();
            awaitAtLeast(arrivals, 5);
            load.interval();
            Thread.sleep(1_000);
            assertThat(arrivals.get()).isEqualTo(5);
            assertThat(load.interval().dropped()).isBetween(12L, 28L);
        }
    }

    @Test
    void degradedPagesAreRecognisedByTheirNotices() {
        assertThat(GeneratorLoad.degraded("<p class=\"notice\">Recommendations are unavailable right now.</p>"))
                .isTrue();
        assertThat(GeneratorLoad.degraded("Personal recommendations are taking a break; these are our best-sellers."))
                .isTrue();
        assertThat(GeneratorLoad.degraded("<span>Last known price, published 3 min ago</span>"))
                .isTrue();
        assertThat(GeneratorLoad.degraded("<h2>Customers also bought</h2>")).isFalse();
    }

    /**
     * Seed 000's contrast: with the patterns a page shows fallback content (popular items, a last
     * known price, the stock snapshot's banner); without them the page only says the part is missing.
     * Both are notices; only the first is a fallback.
     */
    @Test
    void fallbackPagesAreThoseThatShowAFallbacksContentNotThoseThatOnlySayAPartIsMissing() {
        assertThat(GeneratorLoad.fromFallback(
                        "Personal recommendations are taking a break; these are our best-sellers."))
                .isTrue();
        assertThat(GeneratorLoad.fromFallback("<span>Last known price, published 3 min ago</span>"))
                .isTrue();
        assertThat(GeneratorLoad.fromFallback("<p class=\"notice banner\" role=\"status\">Stock counts may lag</p>"))
                .isTrue();
        assertThat(GeneratorLoad.fromFallback("<p class=\"notice\">Recommendations are unavailable right now.</p>"))
                .isFalse();
        assertThat(GeneratorLoad.fromFallback("<h2>Customers also bought</h2>")).isFalse();
    }
}
