package dev.resilientshop.replay;

import dev.resilientshop.testsupport.load.LoadGenerator;
import dev.resilientshop.testsupport.load.Mix;
import dev.resilientshop.testsupport.load.PageNotices;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replay's load: the shop's load generator ({@code ./shop load}, open-model arrivals on a
 * fixed schedule, the shop's own requests from {@link ShopRequests}), with a sender that also
 * reads each page's body, to count the pages that show a degradation notice, and hands the
 * outcomes over per second.
 */
public final class GeneratorLoad implements LoadDriver {

    /**
     * What a degraded page shows instead of an error: a notice (the stock banner, "recommendations
     * are unavailable"), the note over fallback recommendations, or a last known price.
     */
    static final List<String> NOTICES = PageNotices.NOTICES;

    static final String STOCK_BANNER = PageNotices.STOCK_BANNER;

    /**
     * What a page served from a fallback shows: the note over fallback recommendations, a last
     * known price, the stock snapshot's banner. "Recommendations are unavailable right now" is a
     * notice but no fallback: the part is just missing (naive mode, or every fallback empty).
     */
    static final List<String> FALLBACKS = List.of("taking a break", "Last known price", STOCK_BANNER);

    private final LoadGenerator generator;
    private final ShopRequests requests;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, daemon("replay-http"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());
    private final Duration duration;
    private Thread runner;
    private long droppedBefore;

    /**
     * @param page the product page, e.g. http://127.0.0.1:8080 (loopback only)
     * @param duration how long the schedule runs (the replay closes it earlier if it is done)
     */
    public GeneratorLoad(URI page, int rps, Map<String, Integer> mix, Duration duration, int maxInFlight) {
        this.requests = new ShopRequests(page, Duration.ofSeconds(15));
        this.duration = duration;
        this.generator = new LoadGenerator(
                LoadGenerator.Plan.of(rps, duration, Mix.of(mix)).maxInFlight(maxInFlight), this::send);
    }

    static boolean degraded(String body) {
        return PageNotices.degraded(body);
    }

    static boolean fromFallback(String body) {
        return FALLBACKS.stream().anyMatch(body::contains);
    }

    private CompletableFuture<Integer> send(String kind, long index) {
        long start = System.nanoTime();
        return http.sendAsync(requests.request(kind, index), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    long micros = (System.nanoTime() - start) / 1000;
                    if (error != null) {
                        current.get().record(kind, micros, 0, false, false);
                        throw new java.util.concurrent.CompletionException(error);
                    }
                    var body = response.body() == null ? "" : response.body();
                    // a notice counts on a page that was served; an error page ("This page is taking a break") is a
                    // failure
                    boolean served = response.statusCode() >= 200 && response.statusCode() < 300;
                    current.get()
                            .record(
                                    kind,
                                    micros,
                                    response.statusCode(),
                                    served && degraded(body),
                                    served && body.contains(STOCK_BANNER),
                                    served && fromFallback(body));
                    return response.statusCode();
                });
    }

    @Override
    public void start() {
        runner = new Thread(
                () -> {
                    try {
                        generator.run(Duration.ZERO);
                    } catch (InterruptedException e) {
                        // closed by the replay
                    }
                },
                "replay-load");
        runner.setDaemon(true);
        runner.start();
    }

    @Override
    public Interval interval() {
        var interval = current.getAndSet(new Interval());
        long dropped = generator.stats().droppedCount();
        for (long i = droppedBefore; i < dropped; i++) {
            interval.drop();
        }
        droppedBefore = dropped;
        return interval;
    }

    public Duration duration() {
        return duration;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.interrupt();
        }
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
