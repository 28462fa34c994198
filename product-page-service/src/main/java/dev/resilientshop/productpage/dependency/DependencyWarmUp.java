package dev.resilientshop.productpage.dependency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.health.StartupWork;
import dev.resilientshop.productpage.edge.WarmUpPass;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Warms every dependency client before readiness turns UP, so the first page a newcomer opens
 * is the healthy one, and so are the first seconds of load after it.
 *
 * <p>Failure it prevents (issue 11, item 20, seen on a fresh {@code ./shop up}): the first product
 * page after "all services ready" showed all three fallbacks ("Our inventory service is not
 * answering", "Last known price", "Popular items"; rendered in 608 ms). Nothing was down: the JIT
 * had compiled none of the page's path, no connection was open, and the 500 ms page budget ran
 * out on class loading. Warming one inventory read at start-up was not enough.
 *
 * <p>How: once the service has started, a background thread asks the product page itself for
 * what a visitor asks for, over loopback, round after round: a product (JSON and HTML: inventory
 * with both replicas, pricing, recommendations), a category listing, the home page, a two-line
 * cart (the batch reads), and an order id nobody has (order-service answers 404). That walks
 * every client, pipeline, connection pool and template, and the dependencies' own hot paths too.
 * First until {@value #HEALTHY_ROUNDS} rounds in a row whose product came back with nothing
 * degraded, one request at a time.
 *
 * <p>Then {@code shop.warm-up.load-rounds} (150) more rounds, {@code shop.warm-up.parallel} (4)
 * at a time. Three healthy rounds prove every dependency answers, not that the JVMs are warm:
 * right after {@code ./shop up} said ready, 40 product pages per second for 10 s came back full 5
 * to 9 times of 400, the rest degraded, because the breakers of healthy dependencies opened on
 * the slow answers of JVMs still compiling the paths a dozen requests do not make hot. 60 load
 * rounds were not enough on two shared cores (19 to 174 of 400 full in eight runs, every breaker
 * opening once or twice); after 150 rounds, 379 to 400 of 400 were full in four runs and no
 * breaker opened.
 * Likely why: the services run C1 only, which compiles a method once it has been called some 200
 * times ({@code Tier3InvocationThreshold}); 150 rounds ask for 300 product pages, so each
 * dependency's product path passes that, and 60 rounds (120) do not. The rounds took 14 to 19 s
 * there, and readiness waits for them (docs/benchmarks.md, "The first seconds of a fresh shop").
 * {@code FirstPageAfterUpTest} offers that load; {@code SHOP_WARM_UP_LOAD_ROUNDS=0} brings the old
 * warm-up back.
 *
 * <p>All of it stops at {@code shop.warm-up.max} (60 s: a dependency that is really down must not
 * keep the page out of service, which is built to run without it); a dependency that stays
 * degraded means no load rounds at all. Until then {@link StartupWork} keeps
 * {@code /q/health/started} and {@code /q/health/ready} DOWN, so {@code ./shop up} and a load
 * balancer wait. Every request carries the {@link WarmUpPass}, so the rate limit lets it through
 * and no visitor's bucket pays for it (with no proxy trusted, the default, they were all client
 * 127.0.0.1's). Off in {@code @QuarkusTest} ({@code shop.warm-up.enabled=false}).
 */
class DependencyWarmUp {

    static final String WORK = "warm-up: dependency clients";
    static final int HEALTHY_ROUNDS = 3;
    /** The requests of one round: a product as JSON and as HTML, a listing, the home page, a cart, an order. */
    static final int REQUESTS_PER_ROUND = 6;

    private static final Logger LOG = Logger.getLogger(DependencyWarmUp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    void onStart(
            @Observes StartupEvent event,
            StartupWork work,
            WarmUpPass pass,
            @ConfigProperty(name = "shop.warm-up.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "shop.warm-up.max", defaultValue = "60s") Duration max,
            @ConfigProperty(name = "shop.warm-up.load-rounds", defaultValue = "150") int loadRounds,
            @ConfigProperty(name = "shop.warm-up.parallel", defaultValue = "4") int parallel,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        if (!enabled) {
            return;
        }
        work.begin(WORK);
        var thread = new Thread(
                () -> {
                    try {
                        run(URI.create("http://127.0.0.1:" + port), pass.token(), max, loadRounds, parallel);
                    } finally {
                        work.done(WORK);
                    }
                },
                "product-page-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(URI base, String pass, Duration max, int loadRounds, int parallel) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        long end = start + max.toNanos();
        int round = 0;
        int healthyInARow = 0;
        while (healthyInARow < HEALTHY_ROUNDS && System.nanoTime() < end) {
            boolean healthy = round(http, base, pass, round);
            healthyInARow = healthy ? healthyInARow + 1 : 0;
            round++;
            if (!healthy) {
                pause(Duration.ofMillis(250)); // a dependency still starting: give it a moment
            }
        }
        if (healthyInARow < HEALTHY_ROUNDS) {
            LOG.infof(
                    "warm-up gave up (a dependency stayed degraded) after %d rounds in %d ms",
                    round, (System.nanoTime() - start) / 1_000_000);
            return;
        }
        long healthyAt = System.nanoTime();
        int sent = load(http, base, pass, round, loadRounds, parallel, end);
        LOG.infof(
                "warm-up done: healthy after %d rounds in %d ms, then %d of %d load rounds, %d at a time, in %d ms",
                round,
                (healthyAt - start) / 1_000_000,
                sent / REQUESTS_PER_ROUND,
                loadRounds,
                parallel,
                (System.nanoTime() - healthyAt) / 1_000_000);
    }

    /**
     * Rounds {@code first} .. {@code first + rounds - 1}, {@code parallel} at a time: each worker
     * takes the next round from a shared counter until none is left or {@code endNanos} (of
     * {@link System#nanoTime()}) has passed. Every request carries {@code pass}. Returns the requests sent.
     */
    static int load(HttpClient http, URI base, String pass, int first, int rounds, int parallel, long endNanos) {
        var next = new AtomicInteger();
        var done = new AtomicInteger();
        var workers = new ArrayList<Thread>();
        for (int w = 0; w < Math.max(1, parallel); w++) {
            var worker = new Thread(
                    () -> {
                        for (int i = next.getAndIncrement();
                                i < rounds && System.nanoTime() < endNanos;
                                i = next.getAndIncrement()) {
                            round(http, base, pass, first + i);
                            done.incrementAndGet();
                        }
                    },
                    "product-page-warm-up-" + w);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (var worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done.get() * REQUESTS_PER_ROUND;
    }

    /** One round: what one visitor asks for ({@value #REQUESTS_PER_ROUND} requests). True when its product came back healthy. */
    static boolean round(HttpClient http, URI base, String pass, int round) {
        var products = CatalogSeed.products();
        var product = products.get((round * 53) % products.size());
        var other = products.get((round * 53 + 7) % products.size());
        boolean healthy = healthy(get(http, base, "/api/products/" + product.sku(), pass, null));
        get(http, base, "/p/" + product.sku(), pass, null);
        get(http, base, "/c/" + product.category(), pass, null);
        get(http, base, "/", pass, null);
        get(http, base, "/cart", pass, product.sku() + ":1|" + other.sku() + ":1");
        get(http, base, "/orders/" + UUID.randomUUID(), pass, null);
        return healthy;
    }

    /** A product answered with nothing degraded and no fallback. */
    private static boolean healthy(HttpResponse<String> response) {
        if (response == null || response.statusCode() != 200) {
            return false;
        }
        try {
            var body = JSON.readTree(response.body());
            return body.path("degraded").isArray()
                    && body.path("degraded").isEmpty()
                    && body.path("fallbacks").isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path, String pass, String cart) {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .header(WarmUpPass.HEADER, pass)
                .header("Cookie", "uid=u001" + (cart == null ? "" : "; cart=" + cart));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
