package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Drill 6, seed 003's token bucket per client (100 tokens, 10/s): one client bursting 250
 * requests gets 429s with Retry-After (problem+json from the API, a short HTML page for pages),
 * while another client, at the same moment, is served. docs/what-happens-when/one-client-bursts.md.
 */
@ExtendWith(Shop.class)
@Order(450)
class RateLimitDrillTest {

    private final Drill drill = new Drill();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aBurstFromOneClientGets429sWhileAnotherClientIsServed() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var burst = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < 250; i++) {
                var path = i % 2 == 0 ? "/api/products/" + Drill.sku(i) : "/p/" + Drill.sku(i);
                burst.add(pool.submit(() -> get(path, "10.9.9.1")));
            }
            var other = new ArrayList<HttpResponse<String>>();
            for (int i = 0; i < 10; i++) {
                other.add(get("/p/" + Drill.sku(i), "10.9.9.2"));
            }
            List<HttpResponse<String>> bursts = new ArrayList<>();
            for (var f : burst) {
                bursts.add(f.get());
            }
            var limited = bursts.stream().filter(r -> r.statusCode() == 429).toList();
            long served = bursts.stream().filter(r -> r.statusCode() == 200).count();
            System.out.printf("DRILL 6 burst of %d from one client: %d served, %d answered 429 (Retry-After %s); "
                    + "the other client: %d of %d served%n", bursts.size(), served, limited.size(),
                    limited.isEmpty() ? "-" : limited.get(0).headers().firstValue("Retry-After").orElse("none"),
                    other.stream().filter(r -> r.statusCode() == 200).count(), other.size());

            // 100 tokens + 10/s refill during a burst of a few seconds: at least 250 - 100 - 10 x 5 s are refused
            assertThat(limited.size()).isGreaterThanOrEqualTo(100);
            assertThat(served).isGreaterThanOrEqualTo(100);
            assertThat(limited).allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
            assertThat(limited.stream().filter(r -> r.uri().getPath().startsWith("/api/")))
                    .allSatisfy(r -> assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json"))
                    .isNotEmpty();
            assertThat(limited.stream().filter(r -> r.uri().getPath().startsWith("/p/")))
                    .allSatisfy(r -> assertThat(r.body()).contains("Too many requests").doesNotContain("Exception"))
                    .isNotEmpty();
            assertThat(other).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> get(String path, String client) throws Exception {
        URI uri = drill.page(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).header("X-Forwarded-For", client).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
