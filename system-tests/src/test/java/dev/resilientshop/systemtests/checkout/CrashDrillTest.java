package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.StockLedger;
import dev.resilientshop.testsupport.load.Shoppers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 at every recovery point: the process halts there (PUT /ops/crash-point), is started
 * again with {@code ./shop start}, and the same key is sent again: exactly one confirmed order,
 * one captured charge, one committed reservation, stock taken once, and the checker finds nothing.
 * Before the restart it checks that the process died at the armed step and nowhere else: the
 * service's log has one "halting at crash point" line, naming that point, and the order's saga state
 * in the three databases is the one that step leaves (each point leaves a different one). After the
 * retry, the order kept what was recorded before the crash (its reservation, its charge): the saga
 * resumed from there rather than starting over.
 */
@ExtendWith(Shop.class)
@Order(220)
class CrashDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKU = "GAR-0010";

    @RegisterExtension
    static final StockLedger stock = StockLedger.of(SKU);

    private final CheckoutFixture fx = new CheckoutFixture();

    /**
     * The order's saga as the databases have it: orders.status, recovery_point, reservation_id,
     * charge_id, reservation_attempt; inventory's reservations for it (id and status, oldest first);
     * payment's charges for it (id and status).
     */
    record Saga(
            String status,
            String point,
            String reservationId,
            String chargeId,
            int attempt,
            String reservations,
            String charges) {}

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
    @ValueSource(
            strings = {
                "started",
                "reserve_called",
                "stock_reserved",
                "charge_called",
                "payment_charged",
                "commit_called"
            })
    void orderServiceKilledAtEachRecoveryPointConvergesOnRetry(String point) throws Exception {
        drill("order", point);
    }

    @ParameterizedTest(name = "payment-service dies at {0}")
    @ValueSource(strings = {"fraud_checked", "charge_recorded"})
    void paymentServiceKilledMidChargeConvergesOnRetry(String point) throws Exception {
        drill("payment", point);
    }

    private void drill(String service, String point) throws Exception {
        var sku = SKU;
        stock.topUp(sku, 500);
        var body = CheckoutFixture.body(sku, 1);
        awaitHealthyCheckout(body); // a previous drill may have left order-service's payment breaker open: wait it out
        int before = fx.stock(sku);
        var key = CheckoutFixture.newKey();
        var log = Shop.get().state().resolve("logs").resolve(service + ".log");
        long logFrom = Files.size(log);
        var armed = fx.ops(service, "PUT", "/ops/crash-point", "{\"point\":\"" + point + "\"}");
        assertThat(armed.statusCode()).as(armed.body()).isEqualTo(200);

        // The request that kills it: no answer (order died) or a 503 "try again" (payment died under it).
        var first = Shoppers.requests(1, 1, Duration.ofSeconds(20), i -> fx.order(key, body, 4000))
                .answers()
                .get(0);
        assertThat(first.status()).as(first.body()).isIn(0, 503);
        awaitDead(service);

        // It died at the armed step: the log says so once, and the saga stands where that step leaves it.
        var atCrash = saga(key);
        System.out.printf("crash drill %s@%s: at the crash %s%n", service, point, atCrash);
        assertDiedAt(point, atCrash);
        var written = Files.readAllBytes(log);
        var halts = new String(written, (int) logFrom, written.length - (int) logFrom, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("halting at crash point"))
                .toList();
        assertThat(halts)
                .as("%s's log since the crash point was armed", service)
                .hasSize(1);
        assertThat(halts.get(0)).contains("halting at crash point " + point + " ");

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
            Thread.sleep(
                    answer.statusCode() == 409
                            ? 1000L
                                    * Long.parseLong(answer.headers()
                                            .firstValue("Retry-After")
                                            .orElse("1"))
                            : 500);
            answer = fx.send(fx.order(key, body, 8000));
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        var orderId = UUID.fromString(JSON.readTree(answer.body()).path("id").asText());
        var replay = fx.send(fx.order(key, body, 8000));

        System.out.printf(
                "crash drill %s@%s: first=%d restart=%d ms retries(409/503)=%d -> %d; orders=%d charges=%d captured=%d "
                        + "live reservations=%d stock %d -> %d%n",
                service,
                point,
                first.status(),
                restartMs,
                conflicts,
                answer.statusCode(),
                fx.ordersFor(key),
                fx.chargeRows(orderId),
                fx.capturedCharges(orderId),
                fx.liveReservations(orderId),
                before,
                fx.stock(sku));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(answer.body());
        assertThat(fx.ordersFor(key)).isEqualTo(1);
        assertThat(fx.queryString("orders", "select status from orders where id = ?", orderId))
                .isEqualTo("CONFIRMED");
        assertThat(fx.chargeRows(orderId)).isEqualTo(1);
        assertThat(fx.capturedCharges(orderId)).isEqualTo(1);
        assertThat(fx.liveReservations(orderId)).isEqualTo(1);
        assertThat(fx.queryString(
                        "inventory",
                        "select string_agg(status, ',') from reservations where left(order_id, 36) = ? and status <> 'RELEASED'",
                        orderId.toString()))
                .isEqualTo("COMMITTED");
        assertThat(fx.stock(sku)).isEqualTo(before - 1);

        // Resumed from the crash point: what was recorded before it is what the order ends with.
        var after = saga(key);
        System.out.printf("crash drill %s@%s: after the retry %s%n", service, point, after);
        assertThat(after.point()).isEqualTo("finished");
        assertResumedFrom(point, atCrash, after);
        fx.assertConsistent();
    }

    /** What each crash point leaves in the databases; no two points leave the same. */
    private static void assertDiedAt(String point, Saga s) {
        switch (point) {
            case "started" -> { // the order row, nothing asked of inventory or payment yet
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::reservationId, Saga::reservations, Saga::charges)
                        .containsExactly("PENDING", "started", null, null, null);
            }
            case "reserve_called" -> { // inventory holds the stock; the order has not recorded it
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::reservationId, Saga::charges)
                        .containsExactly("PENDING", "started", null, null);
                assertThat(s.reservations()).matches(UUID_RE + ":HELD");
            }
            case "stock_reserved" -> { // the reservation recorded, payment not asked
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::chargeId, Saga::charges)
                        .containsExactly("PENDING", "stock_reserved", null, null);
                assertThat(s.reservations()).isEqualTo(s.reservationId() + ":HELD");
            }
            case "charge_called" -> { // payment captured; the order has not recorded the charge
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::chargeId)
                        .containsExactly("PENDING", "stock_reserved", null);
                assertThat(s.reservations()).isEqualTo(s.reservationId() + ":HELD");
                assertThat(s.charges()).matches(UUID_RE + ":CAPTURED");
            }
            case "payment_charged" -> { // the charge recorded, the reservation not committed
                assertThat(s).extracting(Saga::status, Saga::point).containsExactly("PENDING", "payment_charged");
                assertThat(s.reservations()).isEqualTo(s.reservationId() + ":HELD");
                assertThat(s.charges()).isEqualTo(s.chargeId() + ":CAPTURED");
            }
            case "commit_called" -> { // inventory committed; the order not yet confirmed
                assertThat(s).extracting(Saga::status, Saga::point).containsExactly("PENDING", "payment_charged");
                assertThat(s.reservations()).isEqualTo(s.reservationId() + ":COMMITTED");
                assertThat(s.charges()).isEqualTo(s.chargeId() + ":CAPTURED");
            }
            // payment died under order-service: no answer, so order-service gave the stock back and paused
            case "fraud_checked" -> { // decided, nothing recorded
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::chargeId, Saga::charges)
                        .containsExactly("FAILED", "stock_released", null, null);
                assertThat(s.reservations()).matches(UUID_RE + ":RELEASED");
            }
            case "charge_recorded" -> { // the charge recorded, its answer never sent
                assertThat(s)
                        .extracting(Saga::status, Saga::point, Saga::chargeId)
                        .containsExactly("FAILED", "stock_released", null);
                assertThat(s.reservations()).matches(UUID_RE + ":RELEASED");
                assertThat(s.charges()).matches(UUID_RE + ":CAPTURED");
            }
            default -> throw new AssertionError("no expectation for crash point " + point);
        }
    }

    /** The retry went on from the crash point: what was recorded before it was kept, not made again. */
    private static void assertResumedFrom(String point, Saga crash, Saga after) {
        switch (point) {
            case "started", "reserve_called", "stock_reserved", "charge_called", "payment_charged", "commit_called" -> {
                // one reservation, no second attempt; the one held at the crash, if there was one
                assertThat(after.attempt()).isEqualTo(crash.attempt());
                assertThat(after.reservations()).isEqualTo(after.reservationId() + ":COMMITTED");
                if (crash.reservations() != null) {
                    assertThat(after.reservationId())
                            .isEqualTo(crash.reservations().split(":")[0]);
                }
            }
            default -> { // stock_released: one new reservation after the released one
                assertThat(after.attempt()).isEqualTo(crash.attempt() + 1);
                assertThat(after.reservations())
                        .startsWith(crash.reservations() + ",")
                        .endsWith(after.reservationId() + ":COMMITTED");
            }
        }
        assertThat(after.charges()).isEqualTo(after.chargeId() + ":CAPTURED");
        if (crash.charges() != null) { // the charge made before the crash, found again, not repeated
            assertThat(after.charges()).isEqualTo(crash.charges());
        }
    }

    private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private Saga saga(String key) throws SQLException {
        try (var c = fx.shop.database("orders");
                var st = c.prepareStatement("""
                select id::text, status, recovery_point, reservation_id::text, charge_id::text, reservation_attempt
                from orders where idempotency_key = ?""")) {
            st.setString(1, key);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as("order for key %s", key).isTrue();
                var id = rs.getString(1);
                return new Saga(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        fx.queryString(
                                "inventory",
                                "select string_agg(id::text || ':' || status, ',' order by created_at, id) "
                                        + "from reservations where left(order_id, 36) = ?",
                                id),
                        fx.queryString(
                                "payments",
                                "select string_agg(id::text || ':' || status, ',' order by created_at, id) "
                                        + "from charges where order_id = ?::uuid",
                                id));
            }
        }
    }

    private void awaitHealthyCheckout(String body) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        var answer = fx.send(fx.order(CheckoutFixture.newKey(), body, 8000));
        while (answer.statusCode() != 201 && System.nanoTime() < until) {
            Thread.sleep(1000);
            answer = fx.send(fx.order(CheckoutFixture.newKey(), body, 8000));
        }
        assertThat(answer.statusCode())
                .as("checkout healthy before the drill: " + answer.body())
                .isEqualTo(201);
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
