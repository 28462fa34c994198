package dev.resilientshop.systemtests.checkout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A small bounded load generator: {@code workers} threads send {@code requests} requests in total
 * (released together by a latch), each recorded with its status (0 = no answer) and latency.
 * Stops by itself; 127.0.0.1 only.
 */
final class Load {

    record Sample(int status, long nanos, String body, HttpResponse<String> response) {
    }

    record Result(List<Sample> samples) {
        double percentileMillis(double p) {
            var sorted = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        long count(int status) {
            return samples.stream().filter(s -> s.status() == status).count();
        }

        long serverErrors() {
            return samples.stream().filter(s -> s.status() >= 500 || s.status() == 0).count();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Load() {
    }

    static Result run(int workers, int requests, Duration timeout, IntFunction<HttpRequest> request) throws InterruptedException {
        var samples = Collections.synchronizedList(new ArrayList<Sample>());
        var next = new AtomicInteger();
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                start.await();
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        var response = HTTP.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                        samples.add(new Sample(response.statusCode(), System.nanoTime() - t0, response.body(), response));
                    } catch (Exception e) {
                        samples.add(new Sample(0, System.nanoTime() - t0, e.toString(), null));
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
        return new Result(List.copyOf(samples));
    }
}
