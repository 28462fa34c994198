package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 003's cascade: the fraud API hangs. Checkout answers "try again" within its budget (payment's
 * 2 s fraud timeout, then its breaker; order-service's 3 s payment timeout, then its breaker),
 * nothing is charged, the product page and order-service stay responsive; once fraud answers
 * again, the same key completes the same order.
 */
@ExtendWith(Shop.class)
@Order(390)
class FraudHangDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BUDGET_MS = 5000;
    private final CheckoutFixture fx = new CheckoutFixture();

    @AfterEach
    void fraudAnswersAgain() throws Exception {
        fx.shop.run(Duration.ofSeconds(30), "chaos", "fraud-api", "off");
    }

    @Test
    void aHangingFraudApiMakesCheckoutFailFastWithTryAgainAndChargesNothing() throws Exception {
        fx.topUp("GAR-0020", 500);
        var page = HttpRequest.newBuilder(fx.shop.url("product-page", "/p/GAR-0020")).timeout(Duration.ofSeconds(10)).build();
        var baseline = Load.run(4, 200, Duration.ofSeconds(60), i -> page);

        assertThat(fx.shop.run(Duration.ofSeconds(30), "chaos", "fraud-api", "hang=1").exitCode()).isZero();
        long t0 = System.nanoTime();
        // 24 checkouts (4 at a time, budget 5 s each) while 4 workers load the product page
        var pageDuring = CompletableFuture.supplyAsync(() -> {
            try {
                return Load.run(4, 300, Duration.ofSeconds(80), i -> page);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        var keys = new ArrayList<String>();
        for (int i = 0; i < 24; i++) {
            keys.add(CheckoutFixture.newKey());
        }
        var body = CheckoutFixture.body("GAR-0020", 1);
        var checkouts = Load.run(4, 24, Duration.ofSeconds(80), i -> fx.order(keys.get(i), body, BUDGET_MS));
        var during = pageDuring.get();
        var ordersGet = fx.send(HttpRequest.newBuilder(fx.shop.url("order", "/orders/" + UUID.randomUUID()))
                .timeout(Duration.ofSeconds(2)).build());
        long drillMs = (System.nanoTime() - t0) / 1_000_000;

        System.out.printf("fraud-hang drill (%d ms): checkout n=24 503=%d other=%d p50=%.0f ms p99=%.0f ms (budget %d ms); "
                + "product page p99 before=%.1f ms during=%.1f ms (p50 %.1f -> %.1f), 5xx during=%d%n", drillMs,
                checkouts.count(503), 24 - checkouts.count(503), checkouts.percentileMillis(0.5),
                checkouts.percentileMillis(0.99), BUDGET_MS, baseline.percentileMillis(0.99), during.percentileMillis(0.99),
                baseline.percentileMillis(0.5), during.percentileMillis(0.5), during.serverErrors());
        assertThat(checkouts.count(503)).isEqualTo(24);
        assertThat(checkouts.samples()).allSatisfy(s -> assertThat(s.body()).contains("try again"));
        assertThat(checkouts.percentileMillis(1.0)).isLessThan(BUDGET_MS + 500); // answered within the budget
        assertThat(ordersGet.statusCode()).isEqualTo(404); // order-service answers its other endpoints at once
        assertThat(during.serverErrors()).isZero();
        // "other pages p99 unchanged": within 2x the baseline or 50 ms of it, whichever is looser (2 shared cores)
        assertThat(during.percentileMillis(0.99)).isLessThan(Math.max(2 * baseline.percentileMillis(0.99),
                baseline.percentileMillis(0.99) + 50));
        for (var s : checkouts.samples()) {
            var orderId = UUID.fromString(JSON.readTree(s.body()).path("orderId").asText());
            assertThat(fx.chargeRows(orderId)).as("charges of %s", orderId).isZero();
            assertThat(fx.liveReservations(orderId)).as("stock held by %s", orderId).isZero();
        }

        // Fraud answers again; once the breakers have probed (10 s reset), the same key completes the same order.
        fx.shop.run(Duration.ofSeconds(30), "chaos", "fraud-api", "off");
        var firstId = JSON.readTree(checkouts.samples().get(0).body()).path("orderId").asText();
        var key = keys.stream().filter(k -> {
            try {
                return fx.queryString("orders", "select id::text from orders where idempotency_key = ?", k).equals(firstId);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        var answer = fx.send(fx.order(key, body, 8000));
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (answer.statusCode() != 201 && System.nanoTime() < until) {
            Thread.sleep(1000);
            answer = fx.send(fx.order(key, body, 8000));
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(JSON.readTree(answer.body()).path("id").asText()).isEqualTo(firstId);
        assertThat(fx.capturedCharges(UUID.fromString(firstId))).isEqualTo(1);
        fx.assertConsistent();
    }
}
