package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.StockLedger;
import dev.resilientshop.systemtests.checkout.ConsistencyChecker;
import dev.resilientshop.testsupport.load.LoadGenerator;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Mix;
import dev.resilientshop.testsupport.load.Sender;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, item 1, seed 003's cascade: "the fraud API starts responding slowly … your payment
 * service waits for responses, exhausting its connection pool … your order service, which calls the
 * payment service, also starts timing out. Soon your entire checkout flow is down". The fraud API
 * answers in 3 s (slow, not hanging) under an open-model load of checkouts ({@code POST /api/orders}
 * through the product page) and product pages, which never call fraud; both modes in one run:
 * <ul>
 * <li>resilient: payment's 2 s fraud timeout fails the first charges, its fraud breaker opens after
 * 5 of them, and from then on checkouts answer 503 "try again" about as fast as a healthy checkout
 * answers 201; product pages stay as fast as in the healthy phase measured a minute earlier
 * ({@link CascadeDrillTest#assertUnaffected});</li>
 * <li>naive: payment, order and the product page each send every outbound call through one shared
 * pool of 20 connections (shop-kit SharedPool) with no timeout, breaker or bulkhead of their own.
 * Payment's 20 connections held 3 s each carry 6.7 charges a second; the load sends more, so
 * charges queue, order's pool fills with calls waiting on payment, the product page's pool fills
 * with checkouts waiting on order, and product pages queue behind them: checkouts fail or blow
 * their budget, product pages blow the page budget or fail.</li>
 * </ul>
 * Every figure is compared with the healthy phase of the same run, never with a bare constant:
 * the machine is a loaded two-core box. Afterwards the databases are checked: no charge captured
 * for an order that failed, no stock held by a dead order.
 */
@ExtendWith(Shop.class)
@Order(455)
class FraudCascadeDrillTest {

    /** One line of the SKU given, paid with a card the fraud check passes. */
    private static final String ORDER = """
            {"items":[{"sku":"%s","quantity":1}],
             "customer":{"name":"Grace Hopper","email":"grace@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Grace Hopper","expiry":"12/39","cvc":"123"}}""";

    /**
     * Ten SKUs, one per checkout in turn, so that ten checkouts a second do not all wait for one
     * stock row (a first run with every checkout on one SKU answered 8 of 140 healthy checkouts
     * 503, healthy p99 2.9 s; whether that row was the cause was not measured).
     */
    static final String[] SKUS = java.util.stream.IntStream.rangeClosed(30, 39)
            .mapToObj(i -> "GAR-00" + i)
            .toArray(String[]::new);

    static final String SKU_PREFIX = "GAR-003";

    @RegisterExtension
    static final StockLedger stock = StockLedger.of(SKUS);

    /** Checkouts per second: above what payment's 20 shared connections held 3 s each carry (20 / 3 = 6.7/s). */
    static final int CHECKOUT_RPS = 10;

    static final int PRODUCT_RPS = 6;
    static final Mix MIX = Mix.of(Map.of("checkout", CHECKOUT_RPS, "product", PRODUCT_RPS));
    static final long PAGE_BUDGET_MS = 500;
    /** The product page's checkout budget ({@code shop.dependency.order.timeout}). */
    static final long CHECKOUT_BUDGET_MS = 8_000;

    static final long FRAUD_MS = 3_000;
    static final Duration PHASE = Duration.ofSeconds(14);
    /**
     * Naive mode's phase is longer, and its checkout claim is about the last {@link #NAIVE_TAIL_S}
     * seconds: the queue of checkouts grows by about 10 - 6.7 = 3.3 a second, so a checkout waits
     * past its 8 s budget only once some 33 are ahead of it (8 s - 3 s of fraud, at 6.7 a second),
     * about 10 s in. A 14 s phase measured 40 of the 70 checkouts of its second half over budget,
     * every one answered 201 (the longest 9.3 s, under the 10 s naive timeouts).
     */
    static final Duration NAIVE_PHASE = Duration.ofSeconds(20);

    static final long NAIVE_TAIL_S = 6;

    private final Drill drill = new Drill();
    private final ShopRequests pages = new ShopRequests(drill.page(""), Duration.ofSeconds(12));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4, r -> {
                var t = new Thread(r, "fraud-cascade-http");
                t.setDaemon(true);
                return t;
            }))
            .build();
    /** 503 answers to checkouts whose body says "try again", per phase. */
    private final AtomicLong tryAgain = new AtomicLong();
    /** Checkouts not answered 201, by status and the problem's detail, per phase. */
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    private static String detail(String body) {
        int at = body.indexOf("\"detail\"");
        return at < 0
                ? body.substring(0, Math.min(80, body.length()))
                : body.substring(at, Math.min(at + 100, body.length()));
    }

    /** Product pages as the other drills send them; checkouts of one item of one of {@link #SKUS}, a fresh key each. */
    private final Sender sender = (kind, index) -> {
        if (!kind.equals("checkout")) {
            return pages.send(kind, index);
        }
        long visitor = index / 10; // about 6 checkouts per shopper, well under the per-client rate limit
        var request = HttpRequest.newBuilder(drill.page("/api/orders"))
                .timeout(Duration.ofSeconds(12))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "drill-" + UUID.randomUUID())
                .header("X-Forwarded-For", "10.251." + (visitor / 250 % 250) + "." + (visitor % 250))
                .POST(HttpRequest.BodyPublishers.ofString(ORDER.formatted(SKUS[(int) (index % SKUS.length)])))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() == 503 && response.body().contains("try again")) {
                tryAgain.incrementAndGet();
            }
            if (response.statusCode() != 201) {
                refusals.computeIfAbsent(response.statusCode() + " " + detail(response.body()), k -> new AtomicLong())
                        .incrementAndGet();
            }
            return response.statusCode();
        });
    };

    /** What a phase measured, with its start (the generator's clock) and what the sampler saw meanwhile. */
    record Phase(LoadStats stats, long startNanos, Sampler sampler) {

        List<LoadStats.Sample> samples(String kind, long fromSecond) {
            return stats.samples().stream()
                    .filter(s -> s.kind().equals(kind) && s.dueNanos() - startNanos >= fromSecond * 1_000_000_000L)
                    .toList();
        }
    }

    /**
     * Polls every 250 ms while a phase runs: when payment's fraud breaker was first seen OPEN, and
     * the most connections of each service's shared pool seen in use and waiting.
     */
    final class Sampler implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        volatile long fraudBreakerOpenNanos = Long.MAX_VALUE;
        final Map<String, int[]> poolPeaks = new LinkedHashMap<>(); // service -> {inUse, queued, size}
        private final CompletableFuture<Void> loop;

        Sampler() {
            Drill.CALLERS.forEach(s -> poolPeaks.put(s, new int[3]));
            loop = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    try {
                        var breaker = drill.pipeline("payment", "fraud")
                                .path("breakerState")
                                .asText();
                        if (breaker.equals("OPEN") && fraudBreakerOpenNanos == Long.MAX_VALUE) {
                            fraudBreakerOpenNanos = System.nanoTime();
                        }
                    } catch (Exception notYet) {
                        // the pipeline registers on its first call
                    }
                    for (var s : Drill.CALLERS) {
                        try {
                            var pool = drill.state(s).path("sharedPool");
                            synchronized (poolPeaks) {
                                var peak = poolPeaks.get(s);
                                peak[0] = Math.max(peak[0], pool.path("inUse").asInt());
                                peak[1] = Math.max(peak[1], pool.path("queued").asInt());
                                peak[2] = pool.path("size").asInt();
                            }
                        } catch (Exception e) {
                            // a slow /ops/state under load is a missed sample, not a failure
                        }
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        String pools() {
            synchronized (poolPeaks) {
                var sb = new StringBuilder();
                poolPeaks.forEach((s, p) -> sb.append(sb.isEmpty() ? "" : ", ")
                        .append(s)
                        .append(' ')
                        .append(p[0])
                        .append('/')
                        .append(p[2])
                        .append(" (")
                        .append(p[1])
                        .append(" waiting)"));
                return sb.toString();
            }
        }

        int peakInUse(String service) {
            synchronized (poolPeaks) {
                return poolPeaks.get(service)[0];
            }
        }

        int size(String service) {
            synchronized (poolPeaks) {
                return poolPeaks.get(service)[2];
            }
        }

        @Override
        public void close() {
            running.set(false);
            loop.join();
        }
    }

    private Phase phase() throws InterruptedException {
        return phase(PHASE);
    }

    /**
     * The baseline every later figure is compared with, checked to be healthy: at least 90% of its
     * checkouts answered 201. A run on a loaded machine once had the fraud API stall past payment's
     * timeout in this phase, its breaker opened, and 99 of 140 "healthy" checkouts were fast 503s:
     * the drill passed while comparing the fault with a fault. Such a phase is measured once more
     * after a reset; a second unhealthy one fails the drill, since nothing can be concluded from it.
     */
    private Phase healthyPhase() throws Exception {
        Phase healthy = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            healthy = phase();
            var statuses = healthy.stats().statuses("checkout");
            long all = statuses.values().stream().mapToLong(Long::longValue).sum();
            long created = statuses.getOrDefault(201, 0L);
            if (all > 0 && created >= all * 9 / 10) {
                return healthy;
            }
            System.out.printf(
                    "FRAUD CASCADE healthy phase %d was not healthy: checkout statuses %s, refusals %s%n",
                    attempt, statuses, refusals);
            drill.resetAll();
        }
        var statuses = healthy.stats().statuses("checkout");
        assertThat(statuses.getOrDefault(201, 0L))
                .as("healthy-phase checkouts answered 201 of %s, twice", statuses)
                .isGreaterThanOrEqualTo(
                        statuses.values().stream().mapToLong(Long::longValue).sum() * 9 / 10);
        return healthy;
    }

    private Phase phase(Duration duration) throws InterruptedException {
        tryAgain.set(0);
        refusals.clear();
        var plan =
                LoadGenerator.Plan.of(CHECKOUT_RPS + PRODUCT_RPS, duration, MIX).maxInFlight(800);
        long start = System.nanoTime();
        try (var sampler = new Sampler()) {
            var stats = new LoadGenerator(plan, sender).run(Duration.ofSeconds(13));
            return new Phase(stats, start, sampler);
        }
    }

    private static String figures(LoadStats s, String kind) {
        return String.format(
                "%s %d, p50 %.0f ms, p99 %.0f ms, max %.0f ms, statuses %s",
                kind,
                s.statuses(kind).values().stream().mapToLong(Long::longValue).sum(),
                s.percentileMillis(kind, 50),
                s.percentileMillis(kind, 99),
                s.percentileMillis(kind, 100),
                s.statuses(kind));
    }

    private static double p50(List<LoadStats.Sample> samples) {
        var sorted = samples.stream()
                .mapToDouble(LoadStats.Sample::latencyMillis)
                .sorted()
                .toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(sorted.length - 1) / 2];
    }

    @Test
    void slowFraudTakesDownCheckoutAndProductPagesOnlyThroughNaiveModesSharedPools() throws Exception {
        long classStart = System.nanoTime();
        var since = OffsetDateTime.now().minusSeconds(1);
        for (var sku : SKUS) {
            stock.topUp(sku, 300);
        }
        try {
            drill.resetAll();
            drill.warmUp(200);
            phase(Duration.ofSeconds(4)); // the checkout path's first calls (JIT, connection pools), unmeasured
            var healthy = healthyPhase();
            var hs = healthy.stats();
            double healthyCheckoutP50 = hs.percentileMillis("checkout", 50);
            double healthyCheckoutP99 = hs.percentileMillis("checkout", 99);
            double healthyProductP99 = hs.percentileMillis("product", 99);
            System.out.println("FRAUD CASCADE healthy: " + figures(hs, "checkout") + "; " + figures(hs, "product"));

            drill.chaos("fraud-api", "{\"latencyMs\":" + FRAUD_MS + "}");
            var resilient = phase();
            var rs = resilient.stats();
            long resilientTryAgain = tryAgain.get();
            long openAfterMs = resilient.sampler().fraudBreakerOpenNanos == Long.MAX_VALUE
                    ? -1
                    : (resilient.sampler().fraudBreakerOpenNanos - resilient.startNanos()) / 1_000_000;
            long half = PHASE.toSeconds() / 2;
            var resilientLate = resilient.samples("checkout", half);
            var afterOpen = rs.samples().stream()
                    .filter(s ->
                            s.kind().equals("checkout") && s.dueNanos() >= resilient.sampler().fraudBreakerOpenNanos)
                    .toList();
            long afterOpenAtBudget = afterOpen.stream()
                    .filter(s -> s.status() == 0 || s.latencyMillis() >= CHECKOUT_BUDGET_MS)
                    .count();
            double afterOpenMax = afterOpen.stream()
                    .mapToDouble(LoadStats.Sample::latencyMillis)
                    .max()
                    .orElse(Double.NaN);
            System.out.printf(
                    "FRAUD CASCADE resilient, fraud at %d ms: %s; %s; 503 'try again' %d; payment's fraud breaker OPEN %d ms"
                            + " into the phase; checkouts sent after it %d (slowest %.0f ms, %d at the %d ms budget or unanswered);"
                            + " second half: %d checkouts, p50 %.0f ms, statuses %s%n",
                    FRAUD_MS,
                    figures(rs, "checkout"),
                    figures(rs, "product"),
                    resilientTryAgain,
                    openAfterMs,
                    afterOpen.size(),
                    afterOpenMax,
                    afterOpenAtBudget,
                    CHECKOUT_BUDGET_MS,
                    resilientLate.size(),
                    p50(resilientLate),
                    statuses(resilientLate));

            for (var s : Drill.CALLERS) {
                drill.mode(s, "naive");
            }
            var naive = phase(NAIVE_PHASE);
            var ns = naive.stats();
            var naiveLate = naive.samples("checkout", NAIVE_PHASE.toSeconds() - NAIVE_TAIL_S);
            long naiveLateBad = naiveLate.stream()
                    .filter(s -> s.failed() || s.latencyMillis() > CHECKOUT_BUDGET_MS)
                    .count();
            var naiveProducts = naive.samples("product", 0);
            long productsBad = naiveProducts.stream()
                    .filter(s -> s.failed() || s.latencyMillis() > PAGE_BUDGET_MS)
                    .count();
            System.out.printf(
                    "FRAUD CASCADE naive, fraud at %d ms: %s; %s; shared pools at their peak %s; last %d s: %d of %d checkouts"
                            + " failed or over the %d ms budget (statuses %s); %d of %d product pages over the %d ms budget or failed%n",
                    FRAUD_MS,
                    figures(ns, "checkout"),
                    figures(ns, "product"),
                    naive.sampler().pools(),
                    NAIVE_TAIL_S,
                    naiveLateBad,
                    naiveLate.size(),
                    CHECKOUT_BUDGET_MS,
                    statuses(naiveLate),
                    productsBad,
                    naiveProducts.size(),
                    PAGE_BUDGET_MS);

            double checkoutBound = healthyCheckoutP50 + Math.max(0, healthyCheckoutP99 - healthyCheckoutP50);
            System.out.printf(
                    "DRILL FRAUD CASCADE (seed 003, FraudCascadeDrillTest): checkout p50 healthy %.0f ms, in the"
                            + " fault's second half resilient %.0f ms, in naive's last 6 s %.0f ms;"
                            + " product p99 healthy %.0f / resilient %.0f / naive %.0f ms;"
                            + " product pages failed resilient %d / naive %d%n",
                    healthyCheckoutP50,
                    p50(resilientLate),
                    p50(naiveLate),
                    healthyProductP99,
                    rs.percentileMillis("product", 99),
                    ns.percentileMillis("product", 99),
                    failed(rs, "product"),
                    failed(ns, "product"));

            // resilient: the breaker opens and checkouts say "try again" fast; product pages do not notice
            assertThat(openAfterMs)
                    .as("ms into the resilient phase until payment's fraud breaker was seen OPEN")
                    .isBetween(0L, half * 1000);
            assertThat(resilientLate)
                    .as("resilient checkouts in the fault's second half")
                    .isNotEmpty()
                    .allMatch(s -> s.status() == 503, "answered 503");
            assertThat(p50(resilientLate))
                    .as(
                            "resilient checkout p50 in the fault's second half (ms) vs healthy p50 %.0f, p99 %.0f",
                            healthyCheckoutP50, healthyCheckoutP99)
                    .isLessThanOrEqualTo(checkoutBound);
            assertThat(afterOpenAtBudget)
                    .as("resilient checkouts at their budget or unanswered after the breaker opened")
                    .isZero();
            assertThat(resilientTryAgain)
                    .as("resilient 503s saying 'try again'")
                    .isEqualTo(rs.statuses("checkout").getOrDefault(503, 0L));
            assertThat(failed(rs, "product"))
                    .as("resilient product pages failed")
                    .isZero();
            CascadeDrillTest.assertUnaffected("resilient product pages", hs, rs, "product");
            // naive: payment's pool fills, then order's, then the product page's, and product pages go down with
            // checkout
            for (var s : Drill.CALLERS) {
                assertThat(naive.sampler().peakInUse(s))
                        .as("%s's shared pool at its peak", s)
                        .isEqualTo(naive.sampler().size(s));
            }
            assertThat(naiveLateBad)
                    .as("naive checkouts failed or over budget in the last %d s", NAIVE_TAIL_S)
                    .isGreaterThanOrEqualTo(naiveLate.size() * 9L / 10);
            assertThat(failed(ns, "product") > 0
                            || ns.percentileMillis("product", 99) > Math.max(PAGE_BUDGET_MS, 4 * healthyProductP99))
                    .as(
                            "naive product pages failed (%d) or p99 %.0f ms over max(500 ms, 4 x healthy p99 %.0f ms)",
                            failed(ns, "product"), ns.percentileMillis("product", 99), healthyProductP99)
                    .isTrue();
            // the check that passed resilient mode fails on the cascade: it can tell the two apart
            assertThatThrownBy(() -> CascadeDrillTest.assertUnaffected("naive product pages", hs, ns, "product"))
                    .isInstanceOf(AssertionError.class);
        } finally {
            drill.chaosOff("fraud-api");
            drill.restore();
            // naive calls still queued hold the shared pools until they finish or time out
            Drill.await(Duration.ofSeconds(40), () -> {
                for (var s : Drill.CALLERS) {
                    var pool = drill.state(s).path("sharedPool");
                    if (pool.path("inUse").asInt() != 0 || pool.path("queued").asInt() != 0) {
                        return false;
                    }
                }
                return true;
            });
        }
        var report = ConsistencyChecker.check(drill.shop::database, new ConsistencyChecker.Scope(since, SKU_PREFIX));
        System.out.println("FRAUD CASCADE consistency-check --since=" + since + " --sku=" + SKU_PREFIX + ": " + report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
        System.out.printf("FRAUD CASCADE drill %.0f s%n", (System.nanoTime() - classStart) / 1e9);
    }

    private static Map<Integer, Long> statuses(List<LoadStats.Sample> samples) {
        var counts = new java.util.TreeMap<Integer, Long>();
        samples.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
        return counts;
    }

    private static long failed(LoadStats s, String kind) {
        return s.statuses(kind).entrySet().stream()
                .filter(e -> e.getKey() >= 500 || e.getKey() == 0)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
