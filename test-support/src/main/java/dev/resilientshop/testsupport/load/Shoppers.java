package dev.resilientshop.testsupport.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The {@link ClosedLoop} over HTTP, as the system tests use it.
 *
 * <p>{@link #pages}: the drills' shoppers, each asking for one page at a time and pausing
 * {@link #THINK} (300 ms) between its pages. The pause matters on a 2-core machine that runs eight
 * JVMs and PostgreSQL: without it, 20 clients saturate the CPUs and every latency measures the run
 * queue, not the pattern (README of the drills). A client is a stream of visitors, not one greedy
 * client: every {@value #VISIT} requests it takes a new identity ({@code X-Forwarded-For:
 * 10.<client>.x.y}, which the product page's rate limiter honours from loopback), so the drills
 * about other patterns stay below the 100-token bucket per client, and the rate-limit drill sends
 * its bursts explicitly. Every page has a 15 s timeout.
 *
 * <p>{@link #requests}: a fixed count of requests over N clients released together (a burst of
 * checkouts with one idempotency key), keeping every answer's body and headers for the test.
 *
 * <p>Both stop by themselves; the tests send them to 127.0.0.1 only.
 */
public final class Shoppers {

    /** The default pause between one client's pages: 20 clients send at most ~65 pages/s. */
    public static final Duration THINK = Duration.ofMillis(300);

    /** Requests a client sends as one visitor before it takes a new identity. */
    public static final int VISIT = 50;

    private static final HttpClient PAGES = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newFixedThreadPool(4, r -> {
                var t = new Thread(r, "drill-http");
                t.setDaemon(true);
                return t;
            }))
            .build();

    private static final HttpClient REQUESTS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** One answer of {@link #requests}: its status (0: none), its body (or the exception), the response (null when none). */
    public record Answer(int status, String body, HttpResponse<String> response) {}

    /** The stats of a {@link #requests} run, and its answers in the order they came. */
    public record Answers(LoadStats stats, List<Answer> answers) {}

    private Shoppers() {}

    /**
     * {@code clients} shoppers for {@code duration}, pausing {@link #THINK}. {@code target} gives
     * client {@code c}'s {@code i}-th URI; {@code mark} is tested on every body (e.g. "shows
     * Popular items"), and a page it holds for counts as {@link LoadStats#degradedCount degraded}.
     */
    public static LoadStats pages(
            int clients, Duration duration, BiFunction<Integer, Integer, URI> target, Predicate<String> mark)
            throws InterruptedException {
        return pages(clients, duration, THINK, target, mark);
    }

    /** As {@link #pages(int, Duration, BiFunction, Predicate)}, pausing {@code think}. */
    public static LoadStats pages(
            int clients,
            Duration duration,
            Duration think,
            BiFunction<Integer, Integer, URI> target,
            Predicate<String> mark)
            throws InterruptedException {
        var loop = new ClosedLoop(ClosedLoop.Plan.timed(clients, duration, think), (client, i) -> {
            long visitor = i / VISIT;
            var id = "10." + (client + 1) + "." + (visitor / 250 % 250) + "." + (visitor % 250);
            return reply(target.apply(client, (int) i), id, mark);
        });
        return loop.run(Duration.ofSeconds(30));
    }

    /** One page as client {@code clientId} (an X-Forwarded-For address), outside any loop. */
    public static LoadStats.Sample visit(URI uri, String clientId, Predicate<String> mark) {
        long start = System.nanoTime();
        var reply = reply(uri, clientId, mark);
        return new LoadStats.Sample(
                ClosedLoop.KIND, start, System.nanoTime() - start, reply.status(), reply.degraded());
    }

    private static Reply reply(URI uri, String clientId, Predicate<String> mark) {
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("X-Forwarded-For", clientId)
                .header("Cookie", "uid=u0" + String.format("%02d", Math.floorMod(clientId.hashCode(), 99) + 1))
                .build();
        try {
            var response = PAGES.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(), mark != null && mark.test(response.body()), response.statusCode() == 429);
        } catch (Exception e) {
            return Reply.of(0);
        }
    }

    /**
     * {@code clients} clients, released together, send {@code requests} requests in all
     * ({@code request} builds the {@code i}-th); whatever has not come back after {@code timeout}
     * counts as no answer.
     */
    public static Answers requests(int clients, int requests, Duration timeout, IntFunction<HttpRequest> request)
            throws InterruptedException {
        var answers = Collections.synchronizedList(new ArrayList<Answer>());
        var loop = new ClosedLoop(ClosedLoop.Plan.counted(clients, requests), (client, i) -> {
            try {
                var response = REQUESTS.send(request.apply((int) i), HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(response.statusCode(), response.body(), response));
                return Reply.of(response.statusCode());
            } catch (Exception e) {
                answers.add(new Answer(0, e.toString(), null));
                return Reply.of(0);
            }
        });
        var stats = loop.run(timeout);
        return new Answers(stats, List.copyOf(answers));
    }
}
