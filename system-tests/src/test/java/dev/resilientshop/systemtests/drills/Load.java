package dev.resilientshop.systemtests.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A bounded, concurrent load generator for the drills: {@code workers} clients, each sending one
 * request at a time and pausing {@code think} (300 ms) between its requests, for {@code duration},
 * recording latency and status of every request. The pause matters on a 2-core machine that runs
 * eight JVMs and PostgreSQL: without it, 20 clients saturate the CPUs and every latency measures
 * the run queue, not the pattern (README of the drills). A worker is a stream of visitors, not one greedy client: every {@value #VISIT} requests
 * it takes a new identity ({@code X-Forwarded-For: 10.<worker>.x.y}, which the product page's
 * rate limiter honours from loopback), so the drills about other patterns stay below the
 * 100-token bucket per client, and the rate-limit drill sends its bursts explicitly.
 * Stops by itself; only 127.0.0.1; every request has a 15 s timeout.
 */
final class Load {

    /** One request's outcome; {@code marked} = the caller's predicate held for the body. */
    record Sample(long startNanos, long latencyNanos, int status, boolean marked) {
    }

    /** All samples of a run, with the figures the drills report. */
    record Result(List<Sample> samples) {

        int count() {
            return samples.size();
        }

        double p50() {
            return percentileMillis(0.50);
        }

        double p99() {
            return percentileMillis(0.99);
        }

        double percentileMillis(double p) {
            if (samples.isEmpty()) {
                return 0;
            }
            var sorted = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        long status5xx() {
            return samples.stream().filter(s -> s.status() >= 500 || s.status() == 0).count();
        }

        long status(int code) {
            return samples.stream().filter(s -> s.status() == code).count();
        }

        long marked() {
            return samples.stream().filter(Sample::marked).count();
        }

        /** The samples that started at or after {@code fromNanos} (System.nanoTime). */
        Result since(long fromNanos) {
            return new Result(samples.stream().filter(s -> s.startNanos() >= fromNanos).toList());
        }

        String summary() {
            return String.format("%d requests, p50 %.1f ms, p99 %.1f ms, 5xx %d", count(), p50(), p99(), status5xx());
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).executor(Executors.newFixedThreadPool(4, r -> {
                var t = new Thread(r, "drill-http");
                t.setDaemon(true);
                return t;
            })).build();

    static final int VISIT = 50;

    private Load() {
    }

    /**
     * Runs {@code workers} clients for {@code duration}. {@code target} gives worker {@code w}'s
     * {@code i}-th URI; {@code mark} is tested on every body (e.g. "shows Popular items").
     */
    static Result run(int workers, Duration duration, BiFunction<Integer, Integer, URI> target, Predicate<String> mark)
            throws InterruptedException {
        return run(workers, duration, THINK, target, mark);
    }

    /** The default pause between one client's requests: 20 clients send at most ~65 pages/s. */
    static final Duration THINK = Duration.ofMillis(300);

    static Result run(int workers, Duration duration, Duration think, BiFunction<Integer, Integer, URI> target,
            Predicate<String> mark) throws InterruptedException {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    int visitor = i / VISIT;
                    var client = "10." + (worker + 1) + "." + (visitor / 250 % 250) + "." + (visitor % 250);
                    samples.add(once(target.apply(worker, i), client, mark));
                    try {
                        Thread.sleep(think.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        return new Result(List.copyOf(samples));
    }

    /** One request as client {@code clientId}. */
    static Sample once(URI uri, String clientId, Predicate<String> mark) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).header("X-Forwarded-For", clientId)
                .header("Cookie", "uid=u0" + String.format("%02d", Math.floorMod(clientId.hashCode(), 99) + 1)).build();
        long start = System.nanoTime();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - start;
            return new Sample(start, latency, response.statusCode(), mark != null && mark.test(response.body()));
        } catch (Exception e) {
            return new Sample(start, System.nanoTime() - start, 0, false);
        }
    }
}
