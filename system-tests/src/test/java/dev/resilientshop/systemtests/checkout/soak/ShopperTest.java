package dev.resilientshop.systemtests.checkout.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A shopper against a scripted order-service (a JDK HttpServer): which answers it retries, and with what. */
class ShopperTest {

    private record Answer(int status, String body, String retryAfter) {}

    private record Seen(String key, String body) {}

    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    private URI serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            var answer = script.isEmpty()
                    ? new Answer(201, "{\"id\":\"11111111-1111-1111-1111-111111111111\"}", null)
                    : script.poll();
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/orders");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Shopper shopper(URI orders, Duration deadline) {
        return new Shopper(
                orders,
                List.of("GAR-0041", "GAR-0042"),
                "soak-test",
                7,
                System.nanoTime() + deadline.toNanos(),
                deadline);
    }

    @Test
    void retriesTryAgainAndInFlightWithTheSameKeyAndBodyUntilTheOrderIsConfirmed() throws Exception {
        var orders = serve();
        script.add(new Answer(
                503, "{\"title\":\"Service unavailable\",\"orderId\":\"11111111-1111-1111-1111-111111111111\"}", null));
        script.add(new Answer(409, "{\"title\":\"Request in flight\"}", "1"));

        var outcome = shopper(orders, Duration.ofSeconds(20)).checkout();

        assertThat(outcome.status()).isEqualTo(201);
        assertThat(outcome.attempts()).isEqualTo(3); // 503, 409 in flight, 201 (each retry after 1-4 s)
        assertThat(outcome.orderId()).isEqualTo("11111111-1111-1111-1111-111111111111");
        assertThat(seen).hasSize(3).allSatisfy(s -> assertThat(s).isEqualTo(seen.get(0)));
        assertThat(seen.get(0).key()).startsWith("soak-test-");
    }

    @Test
    void outOfStockDeclinedAndReusedKeyAreFinal() throws Exception {
        var orders = serve();
        script.add(new Answer(409, "{\"title\":\"Not enough stock for GAR-0041\",\"orderId\":\"o1\"}", null));
        script.add(new Answer(402, "{\"title\":\"Payment declined\",\"orderId\":\"o2\"}", null));
        script.add(new Answer(422, "{\"title\":\"Idempotency-Key reused\"}", null));
        var shopper = shopper(orders, Duration.ofSeconds(20));

        assertThat(List.of(shopper.checkout(), shopper.checkout(), shopper.checkout()))
                .extracting(Shopper.Outcome::status, Shopper.Outcome::attempts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(409, 1),
                        org.assertj.core.groups.Tuple.tuple(402, 1),
                        org.assertj.core.groups.Tuple.tuple(422, 1));
        assertThat(seen).extracting(Seen::key).doesNotHaveDuplicates(); // each checkout its own key
    }

    @Test
    void noAnswerIsRetriedUntilTheShoppersDeadlineAndThenGivenUp() throws Exception {
        var orders = serve();
        server.stop(0); // connection refused from now on
        var outcome = shopper(orders, Duration.ofSeconds(5)).checkout(); // retries every 1-4 s
        assertThat(outcome.status()).isZero();
        assertThat(outcome.attempts()).isGreaterThan(1);
        assertThat(outcome.detail()).contains("gave up");
    }

    @Test
    void oneCheckoutInFivePaysWithTheDecliningCard() throws Exception {
        var orders = serve();
        var shopper = shopper(orders, Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            shopper.checkout();
        }
        long declining = seen.stream()
                .filter(s -> s.body().contains(Shopper.DECLINING_CARD))
                .count();
        assertThat(declining)
                .isBetween(10L, 30L); // 100 / 5 = 20 expected (a seeded dice; +-10 is 2.5 standard deviations)
        assertThat(seen).allSatisfy(s -> assertThat(s.body()).containsAnyOf(Shopper.DECLINING_CARD, Shopper.GOOD_CARD));
    }
}
