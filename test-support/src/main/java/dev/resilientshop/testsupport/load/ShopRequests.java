package dev.resilientshop.testsupport.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The shop's pages as the {@link Mix} kinds name them, sent to the product page at {@code target}:
 * <ul>
 * <li>{@code browse}: a category page ({@code /c/audio}, ...) or a search ({@code /search?q=...}),
 * alternately; neither calls recommendations or pricing per product;</li>
 * <li>{@code product}: a product page {@code /p/AUD-0001} ... over 100 SKUs;</li>
 * <li>{@code checkout}: {@code POST /api/orders} of one item with a good test card and a fresh
 * Idempotency-Key.</li>
 * </ul>
 * Every 50 requests come from a new visitor ({@code X-Forwarded-For: 10.250.x.y}, honoured from
 * loopback), so the product page's per-client rate limit sees many shoppers, not one greedy client.
 * Only a loopback target is accepted: this is a tool for a shop on this machine, not for anyone
 * else's server.
 */
public final class ShopRequests implements Sender {

    /** One line of the SKU given, paid with a card the fraud check passes. */
    private static final String ORDER = """
            {"items":[{"sku":"%s","quantity":1}],
             "customer":{"name":"Load Shopper","email":"load@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Load Shopper","expiry":"12/39","cvc":"123"}}""";

    static final List<String> CATEGORIES =
            List.of("audio", "cameras", "kitchen", "books", "outdoor", "toys", "fitness", "office", "garden", "games");
    static final List<String> WORDS =
            List.of("headphones", "lens", "knife", "novel", "tent", "puzzle", "mat", "desk", "hose", "dice");
    static final String[] PREFIXES = {"AUD", "CAM", "KIT", "BOK", "OUT", "TOY", "FIT", "OFF", "GAR", "GAM"};

    /** No name is resolved: a literal loopback address or "localhost", nothing else. */
    static final java.util.Set<String> LOOPBACK = java.util.Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final URI target;
    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService executor;
    private final BiConsumer<String, String> bodies;

    public ShopRequests(URI target, Duration timeout) {
        this(target, timeout, null);
    }

    /** As {@link #ShopRequests(URI, Duration)}, handing every answer's body to {@code bodies} (kind, body). */
    public ShopRequests(URI target, Duration timeout, BiConsumer<String, String> bodies) {
        this.target = requireLoopback(target);
        this.timeout = timeout;
        this.bodies = bodies;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            var t = new Thread(r, "load-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * {@code target} if its host is localhost or a loopback address; otherwise an
     * {@link IllegalArgumentException} saying so.
     */
    public static URI requireLoopback(URI target) {
        if (target == null
                || target.getHost() == null
                || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
            throw new IllegalArgumentException(
                    "--target must be an http URL such as http://127.0.0.1:8080, was " + target);
        }
        var host = target.getHost();
        if (!LOOPBACK.contains(host)) {
            throw new IllegalArgumentException("refusing to send load to " + host
                    + ": only localhost, 127.0.0.1 or [::1] (this machine) is allowed");
        }
        return target;
    }

    /** The path (and method) of the {@code index}-th request of {@code kind}. */
    public HttpRequest request(String kind, long index) {
        int n = (int) Math.floorMod(index, 1_000_000L);
        long visitor = index / 50;
        var builder = switch (kind) {
            case "browse" ->
                HttpRequest.newBuilder(uri(
                        n % 2 == 0
                                ? "/c/" + CATEGORIES.get(n / 2 % CATEGORIES.size())
                                : "/search?q=" + WORDS.get(n / 2 % WORDS.size())));
            case "product" -> HttpRequest.newBuilder(uri("/p/" + sku(n)));
            case "checkout" ->
                HttpRequest.newBuilder(uri("/api/orders"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "load-" + UUID.randomUUID())
                        .POST(HttpRequest.BodyPublishers.ofString(ORDER.formatted(sku(n))));
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        return builder.timeout(timeout)
                .header("X-Forwarded-For", "10.250." + (visitor / 250 % 250) + "." + (visitor % 250))
                .header("Cookie", "uid=u0" + String.format("%02d", visitor % 99 + 1))
                .build();
    }

    /** 100 SKUs over 10 categories, the first ten of each. */
    public static String sku(int i) {
        int n = Math.floorMod(i, 100);
        return PREFIXES[n / 10] + "-" + String.format("%04d", n % 10 + 1);
    }

    @Override
    public CompletableFuture<Integer> send(String kind, long index) {
        if (bodies == null) {
            return http.sendAsync(request(kind, index), HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode);
        }
        return http.sendAsync(request(kind, index), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    bodies.accept(kind, response.body());
                    return response.statusCode();
                });
    }

    /**
     * Reads the body of every answer: a served page counts as degraded when it shows one of the
     * {@link PageNotices}; a 429, or a 503 with {@value Reply#SHED_HEADER}, is shedding.
     */
    @Override
    public CompletableFuture<Reply> sendForReply(String kind, long index) {
        return http.sendAsync(request(kind, index), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (bodies != null) {
                        bodies.accept(kind, response.body());
                    }
                    return reply(
                            response.statusCode(),
                            response.headers().firstValue(Reply.SHED_HEADER).isPresent(),
                            response.body());
                });
    }

    /** What a shopper got from an answer with this status, shed header and body. */
    static Reply reply(int status, boolean shedHeader, String body) {
        boolean served = status >= 200 && status < 400;
        return new Reply(status, served && PageNotices.degraded(body), status == 429 || status == 503 && shedHeader);
    }

    private URI uri(String path) {
        var base = target.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
