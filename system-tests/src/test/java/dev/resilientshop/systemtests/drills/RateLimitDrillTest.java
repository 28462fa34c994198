package dev.resilientshop.systemtests.drills;

import dev.resilientshop.systemtests.Shop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 6, pattern: the product page's <b>rate limit</b>, seed 003's token bucket per client (100
 * tokens, 10/s). One client bursts 250 requests, 8 at a time; at the same moment another client
 * sends 10 pages. With every pattern on, the bucket serves the burst at most its 100 tokens plus
 * what refilled while the burst lasted (its duration measured in the same run), refuses the rest
 * with 429 and Retry-After (problem+json from the API, a short HTML page for pages), and the other
 * client is served every time. The drill runs again with only the rate limit off and asserts that
 * the abusive client is no longer limited there. docs/what-happens-when/one-client-bursts.md.
 */
@ExtendWith(Shop.class)
@Order(450)
class RateLimitDrillTest {

    /** The product page's {@code shop.rate-limit.capacity} and {@code refill-per-second}. */
    private static final int CAPACITY = 100;

    private static final int REFILL_PER_SECOND = 10;
    private static final int BURST = 250;
    private static final int OTHER = 10;

    private final Drill drill = new Drill();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** One run: the burst's responses and how long it took, the other client's responses. */
    record Run(List<HttpResponse<String>> burst, double seconds, List<HttpResponse<String>> other) {

        List<HttpResponse<String>> limited() {
            return burst.stream().filter(r -> r.statusCode() == 429).toList();
        }

        long served() {
            return burst.stream().filter(r -> r.statusCode() == 200).count();
        }

        /** What the bucket can serve in {@link #seconds}: its tokens plus the refill, one more for the rounding. */
        long allowance() {
            return CAPACITY + (long) Math.ceil(REFILL_PER_SECOND * seconds) + 1;
        }

        String summary() {
            var limited = limited();
            return String.format(
                    "burst of %d from one client in %.2f s: %d served, %d answered 429 (Retry-After %s); "
                            + "the other client: %d of %d served",
                    burst.size(),
                    seconds,
                    served(),
                    limited.size(),
                    limited.isEmpty()
                            ? "-"
                            : limited.get(0).headers().firstValue("Retry-After").orElse("none"),
                    other.stream().filter(r -> r.statusCode() == 200).count(),
                    other.size());
        }
    }

    @Test
    void aBurstFromOneClientGets429sWhileAnotherClientIsServed() throws Exception {
        long start = System.nanoTime();
        try {
            OnOff.resetAll(drill, "DRILL 6", "rate-limit");
            drill.warmUp(100);
            var runs = OnOff.run(drill, "rate-limit", List.of("product-page"), this::run);
            var on = runs.on();
            var off = runs.off();

            var onChecks = checks("rate limit on", on);
            var offChecks = checks("rate limit off", off);
            System.out.println("DRILL 6 rate limit on: " + on.summary() + "\nDRILL 6 rate limit off: " + off.summary());
            System.out.printf(
                    "DRILL 6 on+off %.0f s, drill %.0f s%n", runs.seconds(), (System.nanoTime() - start) / 1e9);
            runs.conclude(
                    "DRILL 6",
                    onChecks,
                    offChecks,
                    new OnOff.Headline(
                            "RateLimitDrillTest",
                            "burst requests answered 429 (of " + BURST + ")",
                            on.limited().size(),
                            off.limited().size()),
                    "abusive client limited",
                    "429s say when to retry");
        } finally {
            drill.restore();
        }
    }

    /** From fresh buckets: the burst from 10.9.9.1, and meanwhile 10 pages from 10.9.9.2. */
    private Run run() throws Exception {
        drill.reset("product-page");
        var pool = Executors.newFixedThreadPool(8);
        try {
            long t0 = System.nanoTime();
            var burst = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < BURST; i++) {
                var path = i % 2 == 0 ? "/api/products/" + Drill.sku(i) : "/p/" + Drill.sku(i);
                burst.add(pool.submit(() -> get(path, "10.9.9.1")));
            }
            var other = new ArrayList<HttpResponse<String>>();
            for (int i = 0; i < OTHER; i++) {
                other.add(get("/p/" + Drill.sku(i), "10.9.9.2"));
            }
            var bursts = new ArrayList<HttpResponse<String>>();
            for (var f : burst) {
                bursts.add(f.get());
            }
            return new Run(bursts, (System.nanoTime() - t0) / 1e9, other);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same checks for either run; the burst's bound is the bucket's arithmetic over the burst's own duration. */
    private static Checks checks(String name, Run r) {
        var limited = r.limited();
        var api = limited.stream()
                .filter(x -> x.uri().getPath().startsWith("/api/"))
                .toList();
        var pages = limited.stream()
                .filter(x -> x.uri().getPath().startsWith("/p/"))
                .toList();
        long otherServed = r.other().stream().filter(x -> x.statusCode() == 200).count();
        long burst5xx = r.burst().stream().filter(x -> x.statusCode() >= 500).count();
        return new Checks(name)
                .check(
                        "abusive client limited",
                        !limited.isEmpty() && r.served() <= r.allowance(),
                        r.served() + " of " + r.burst().size() + " served <= " + CAPACITY + " tokens + "
                                + REFILL_PER_SECOND
                                + "/s x " + String.format("%.2f", r.seconds()) + " s (" + r.allowance() + "), "
                                + limited.size() + " answered 429")
                .check(
                        "bucket served first",
                        r.served() >= CAPACITY,
                        r.served() + " served >= the " + CAPACITY + " tokens")
                .check(
                        "429s say when to retry",
                        !limited.isEmpty()
                                && limited.stream()
                                        .allMatch(x -> x.headers()
                                                .firstValue("Retry-After")
                                                .isPresent())
                                && !api.isEmpty()
                                && api.stream()
                                        .allMatch(x -> x.headers()
                                                .firstValue("Content-Type")
                                                .orElse("")
                                                .contains("application/problem+json"))
                                && !pages.isEmpty()
                                && pages.stream()
                                        .allMatch(x -> x.body().contains("Too many requests")
                                                && !x.body().contains("Exception")),
                        limited.size() + " 429s with Retry-After; " + api.size() + " from the API as problem+json, "
                                + pages.size() + " pages as the short HTML page")
                .check(
                        "other client unaffected",
                        otherServed == r.other().size(),
                        otherServed + " of " + r.other().size() + " pages of the other client served")
                .check("no 5xx", burst5xx == 0, burst5xx + " 5xx in the burst");
    }

    private HttpResponse<String> get(String path, String client) throws Exception {
        URI uri = drill.page(path);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(15))
                        .header("X-Forwarded-For", client)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
