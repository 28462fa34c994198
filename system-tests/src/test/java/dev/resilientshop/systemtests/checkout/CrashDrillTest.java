package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 at every recovery point: the process halts there (PUT /ops/crash-point), is started
 * again with {@code ./shop start}, and the same key is sent again: exactly one confirmed order,
 * one captured charge, one committed reservation, stock taken once, and the checker finds nothing.
 */
@ExtendWith(Shop.class)
@Order(220)
class CrashDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CheckoutFixture fx = new CheckoutFixture();

    @AfterEach
    void everythingRunsAgain() throws Exception {
        for (var service : new String[] {"order", "payment"}) {
            boolean ready;
            try {
                ready = fx.shop.get(service, "/q/health/ready").statusCode() == 200;
            } catch (java.io.IOException down) {
                ready = false;
            }
            if (!ready) {
                fx.shop.run(Duration.ofMinutes(2), "start", service);
                awaitReady(service, "(after a failed drill)");
            }
        }
        fx.ops("order", "DELETE", "/ops/crash-point", null);
        fx.ops("payment", "DELETE", "/ops/crash-point", null);
    }

    @ParameterizedTest(name = "order-service dies at {0}")
    @ValueSource(strings = {"started", "reserve_called", "stock_reserved", "charge_called", "payment_charged", "commit_called"})
    void orderServiceKilledAtEachRecoveryPointConvergesOnRetry(String point) throws Exception {
        drill("order", point);
    }

    @ParameterizedTest(name = "payment-service dies at {0}")
    @ValueSource(strings = {"fraud_checked", "charge_recorded"})
    void paymentServiceKilledMidChargeConvergesOnRetry(String point) throws Exception {
        drill("payment", point);
    }

    private void drill(String service, String point) throws Exception {
        var sku = "GAR-0010";
        fx.topUp(sku, 500);
        var body = CheckoutFixture.body(sku, 1);
        awaitHealthyCheckout(body); // a previous drill may have left order-service's payment breaker open: wait it out
        int before = fx.stock(sku);
        var key = CheckoutFixture.newKey();
        var armed = fx.ops(service, "PUT", "/ops/crash-point", "{\"point\":\"" + point + "\"}");
        assertThat(armed.statusCode()).as(armed.body()).isEqualTo(200);

        // The request that kills it: no answer (order died) or a 503 "try again" (payment died under it).
        var first = Load.run(1, 1, Duration.ofSeconds(20), i -> fx.order(key, body, 4000)).samples().get(0);
        assertThat(first.status()).as(first.body()).isIn(0, 503);
        awaitDead(service);
        long t0 = System.nanoTime();
        var started = fx.shop.run(Duration.ofMinutes(2), "start", service);
        if (started.exitCode() != 0) {
            // ./shop's wait_ready can look at the new pid before `env` has exec'd java and report
            // "exited during start-up" (launcher race, reported): judge by readiness instead.
            awaitReady(service, started.output());
        }
        long restartMs = (System.nanoTime() - t0) / 1_000_000;

        // Retry with the same key, honouring 409 + Retry-After while the dead attempt's lease runs out.
        var answer = fx.send(fx.order(key, body, 8000));
        int conflicts = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((answer.statusCode() == 409 || answer.statusCode() == 503) && System.nanoTime() < deadline) {
            conflicts++;
            Thread.sleep(answer.statusCode() == 409
                    ? 1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")) : 500);
            answer = fx.send(fx.order(key, body, 8000));
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        var orderId = UUID.fromString(JSON.readTree(answer.body()).path("id").asText());
        var replay = fx.send(fx.order(key, body, 8000));

        System.out.printf("crash drill %s@%s: first=%d restart=%d ms retries(409/503)=%d -> %d; orders=%d charges=%d captured=%d "
                + "live reservations=%d stock %d -> %d%n", service, point, first.status(), restartMs, conflicts,
                answer.statusCode(), fx.ordersFor(key), fx.chargeRows(orderId), fx.capturedCharges(orderId),
                fx.liveReservations(orderId), before, fx.stock(sku));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(answer.body());
        assertThat(fx.ordersFor(key)).isEqualTo(1);
        assertThat(fx.queryString("orders", "select status from orders where id = ?", orderId)).isEqualTo("CONFIRMED");
        assertThat(fx.chargeRows(orderId)).isEqualTo(1);
        assertThat(fx.capturedCharges(orderId)).isEqualTo(1);
        assertThat(fx.liveReservations(orderId)).isEqualTo(1);
        assertThat(fx.queryString("inventory", "select string_agg(status, ',') from reservations where left(order_id, 36) = ? and status <> 'RELEASED'",
                orderId.toString())).isEqualTo("COMMITTED");
        assertThat(fx.stock(sku)).isEqualTo(before - 1);
        fx.assertConsistent();
    }

    private void awaitHealthyCheckout(String body) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        var answer = fx.send(fx.order(CheckoutFixture.newKey(), body, 8000));
        while (answer.statusCode() != 201 && System.nanoTime() < until) {
            Thread.sleep(1000);
            answer = fx.send(fx.order(CheckoutFixture.newKey(), body, 8000));
        }
        assertThat(answer.statusCode()).as("checkout healthy before the drill: " + answer.body()).isEqualTo(201);
    }

    private void awaitReady(String service, String launcherOutput) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (fx.shop.get(service, "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " not ready after ./shop start:\n" + launcherOutput);
    }

    private void awaitDead(String service) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            try {
                fx.shop.get(service, "/q/health/live");
            } catch (java.io.IOException refused) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(service + " did not die at its crash point");
    }
}
