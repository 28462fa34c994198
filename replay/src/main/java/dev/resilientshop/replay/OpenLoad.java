package dev.resilientshop.replay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replay's open-model load: {@code rps} arrivals per second on a fixed schedule, whatever the
 * shop's answers take (a slow shop gets more requests in flight, not fewer arrivals: overload
 * shows). Each arrival is a product page, a category page or a checkout (POST /orders on
 * order-service), drawn from the mix with a fixed seed. Every 50 requests the client takes a
 * new identity ({@code X-Forwarded-For: 10.x.y.z}), as many visitors do; the product page honours
 * it only when loopback is one of its trusted proxies. At most {@code maxInFlight} requests are in
 * flight; arrivals beyond are counted as dropped. Only 127.0.0.1.
 */
public final class OpenLoad implements LoadDriver {

    /** Twelve categories, ten SKUs each: the catalogue the product pages are drawn from. */
    static final List<String> CATEGORIES = List.of("audio", "cameras", "kitchen", "books", "outdoor", "toys", "fitness",
            "office", "garden", "games", "apparel", "beauty");
    static final List<String> PREFIXES = List.of("AUD", "CAM", "KIT", "BOK", "OUT", "TOY", "FIT", "OFF", "GAR", "GAM",
            "APP", "BEA");
    /**
     * What a degraded page shows instead of an error: a notice (the stock banner, "recommendations
     * are unavailable"), the note over fallback recommendations, or a last known price.
     */
    static final List<String> NOTICES = List.of("class=\"notice", "taking a break", "Last known price");
    static final String STOCK_BANNER = "class=\"notice banner";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final URI page;
    private final URI order;
    private final int rps;
    private final List<String> kinds = new ArrayList<>();
    private final int maxInFlight;
    private final Random random = new Random(2002);
    private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());
    private final AtomicLong sequence = new AtomicLong();
    private final Semaphore inFlight;
    private final ExecutorService httpExecutor = Executors.newFixedThreadPool(4, daemon("replay-http"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).executor(httpExecutor).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("replay-arrivals"));

    /**
     * @param page base URI of the product page, e.g. http://127.0.0.1:8080
     * @param order base URI of order-service
     * @param mix kind → weight
     */
    public OpenLoad(URI page, URI order, int rps, Map<String, Integer> mix, int maxInFlight) {
        if (rps <= 0) {
            throw new IllegalArgumentException("rps must be positive");
        }
        this.page = page;
        this.order = order;
        this.rps = rps;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        mix.forEach((kind, weight) -> {
            if (!List.of("product", "browse", "checkout").contains(kind)) {
                throw new IllegalArgumentException("unknown request kind '" + kind + "' (product, browse, checkout)");
            }
            for (int i = 0; i < weight; i++) {
                kinds.add(kind);
            }
        });
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("the mix is empty");
        }
    }

    @Override
    public void start() {
        long periodMicros = 1_000_000L / rps;
        clock.scheduleAtFixedRate(this::arrive, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    @Override
    public Interval interval() {
        return current.getAndSet(new Interval());
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    private void arrive() {
        long n = sequence.getAndIncrement();
        String kind;
        int item;
        synchronized (random) {
            kind = kinds.get(random.nextInt(kinds.size()));
            item = random.nextInt(120);
        }
        if (!inFlight.tryAcquire()) {
            current.get().drop();
            return;
        }
        var client = "10." + (n / 50 / 62500 % 250 + 1) + "." + (n / 50 / 250 % 250) + "." + (n / 50 % 250);
        var request = request(kind, item, client);
        long start = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            inFlight.release();
            long micros = (System.nanoTime() - start) / 1000;
            if (error != null) {
                current.get().record(kind, micros, 0, false, false);
            } else {
                var body = response.body() == null ? "" : response.body();
                current.get().record(kind, micros, response.statusCode(), degraded(body), body.contains(STOCK_BANNER));
            }
        });
    }

    static boolean degraded(String body) {
        for (var notice : NOTICES) {
            if (body.contains(notice)) {
                return true;
            }
        }
        return false;
    }

    HttpRequest request(String kind, int item, String client) {
        return switch (kind) {
            case "product" -> get(page.resolve("/p/" + sku(item)), client);
            case "browse" -> get(page.resolve("/c/" + CATEGORIES.get(item % CATEGORIES.size())), client);
            case "checkout" -> HttpRequest.newBuilder(order.resolve("/orders")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "replay-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(checkoutBody("BEA-" + String.format("%04d", item % 10 + 1))))
                    .build();
            default -> throw new IllegalStateException(kind);
        };
    }

    private static HttpRequest get(URI uri, String client) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("X-Forwarded-For", client).GET().build();
    }

    /** SKU number {@code item} (0..119): the first ten of each category. */
    static String sku(int item) {
        int n = Math.floorMod(item, 120);
        return PREFIXES.get(n / 10) + "-" + String.format("%04d", n % 10 + 1);
    }

    static String checkoutBody(String sku) {
        return """
                {"items":[{"sku":"%s","quantity":1}],
                 "customer":{"name":"Replay Shopper","email":"replay@example.com"},
                 "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Replay Shopper","expiry":"12/39","cvc":"123"}}"""
                .formatted(sku);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
