package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.StockLedger;
import dev.resilientshop.testsupport.load.Shoppers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7 against the real shop: one key sent 200 times at once is one order, one reservation and
 * one charge; replays are fast and identical; bad input writes nothing.
 */
@ExtendWith(Shop.class)
@Order(200)
class IdempotentCheckoutDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CheckoutFixture fx = new CheckoutFixture();

    private static final String SKU = "GAR-0001";

    @RegisterExtension
    static final StockLedger stock = StockLedger.of(SKU, "GAR-0002"); // GAR-0002: the bad input must take none

    @Test
    void twoHundredConcurrentRequestsWithOneKeyMakeOneOrderOneReservationOneCharge() throws Exception {
        stock.topUp(SKU, 500);
        int before = fx.stock(SKU);
        var key = CheckoutFixture.newKey();
        var body = CheckoutFixture.body(SKU, 2);

        // 200 requests, 50 workers released at once, the same key and body
        var burst = Shoppers.requests(50, 200, Duration.ofSeconds(60), i -> fx.order(key, body, 8000));
        System.out.printf(
                "drill 200-same-key: answered=%d of 200; 201=%d 409=%d no answer=%d other=%d; p50=%.1f ms p99=%.1f ms%n",
                burst.answers().size(),
                burst.stats().statusCount(201),
                burst.stats().statusCount(409),
                burst.stats().statusCount(0),
                burst.answers().size()
                        - burst.stats().statusCount(201)
                        - burst.stats().statusCount(409)
                        - burst.stats().statusCount(0),
                burst.stats().percentileMillis(null, 50),
                burst.stats().percentileMillis(null, 99));
        // Every request came back (none lost to the 60 s bound, none without an answer), each a definite status.
        assertThat(burst.answers()).as("requests that came back").hasSize(200);
        assertThat(burst.stats().statusCount(201) + burst.stats().statusCount(409))
                .as("201 created/replayed or 409 in flight")
                .isEqualTo(200);

        var ids = new HashSet<String>();
        for (var s : burst.answers()) {
            assertThat(s.status()).as(s.body()).isIn(201, 409);
            var json = JSON.readTree(s.body());
            if (s.status() == 201) {
                ids.add(json.path("id").asText());
            } else { // "in flight": names no order (the key may be someone else's, issue 12)
                assertThat(s.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(json.has("orderId")).as(s.body()).isFalse();
            }
        }
        assertThat(burst.stats().statusCount(201))
                .as("at least one request created the order")
                .isPositive();
        var created = burst.answers().stream()
                .filter(s -> s.status() == 201)
                .map(Shoppers.Answer::body)
                .distinct()
                .count();
        assertThat(ids).hasSize(1); // every 201 names the same order
        var orderId = UUID.fromString(ids.iterator().next());
        assertThat(created).isEqualTo(1); // the replays are the first 201, byte for byte
        assertThat(fx.ordersFor(key)).isEqualTo(1);
        assertThat(fx.liveReservations(orderId)).isEqualTo(1);
        assertThat(fx.chargeRows(orderId)).isEqualTo(1); // paid once
        assertThat(fx.capturedCharges(orderId)).isEqualTo(1);
        assertThat(fx.stock(SKU)).isEqualTo(before - 2); // 2 taken once, not 2 x 200

        // 300 replays of the finished key at once (10 workers): all answered from the stored result.
        var replays = Shoppers.requests(10, 300, Duration.ofSeconds(60), i -> fx.order(key, body, 8000));
        assertThat(replays.answers()).as("replays that came back").hasSize(300);
        assertThat(replays.stats().statusCount(201)).isEqualTo(300);
        assertThat(replays.answers())
                .allSatisfy(s -> assertThat(s.response().headers().firstValue("Idempotent-Replayed"))
                        .hasValue("true"));
        assertThat(fx.chargeRows(orderId)).isEqualTo(1);

        // Replay latency against a first checkout measured in the same run: one request at a time,
        // a fresh key's checkout followed by replays of it, in turns, so both see the same load.
        var firsts = new ArrayList<Long>();
        var replayed = new ArrayList<Long>();
        for (int round = 0; round < ROUNDS; round++) {
            var fresh = CheckoutFixture.newKey();
            long t0 = System.nanoTime();
            var first = fx.send(fx.order(fresh, body, 8000));
            firsts.add(System.nanoTime() - t0);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            assertThat(first.headers().firstValue("Idempotent-Replayed"))
                    .as("a first checkout is no replay")
                    .isNotEqualTo(Optional.of("true"));
            for (int r = 0; r < REPLAYS_PER_ROUND; r++) {
                long t1 = System.nanoTime();
                var again = fx.send(fx.order(fresh, body, 8000));
                replayed.add(System.nanoTime() - t1);
                assertThat(again.statusCode()).isEqualTo(201);
                assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
                assertThat(again.body()).isEqualTo(first.body());
            }
            assertThat(fx.ordersFor(fresh)).isEqualTo(1);
        }
        double firstP50 = median(firsts);
        double replayP50 = median(replayed);
        System.out.printf(
                "drill replay latency: first checkout p50=%.1f ms (n=%d), replay p50=%.1f ms (n=%d), ratio %.2f%n",
                firstP50, firsts.size(), replayP50, replayed.size(), replayP50 / firstP50);
        // A first checkout reserves (inventory), charges (payment, which asks fraud) and commits, with
        // order writes in between; a replay reads the stored answer. Re-running the saga would cost
        // about what a first checkout costs (ratio near 1); half leaves room for a loaded machine.
        assertThat(replayP50)
                .as("replay p50 (ms) at most half a first checkout's p50 (%.1f ms)", firstP50)
                .isLessThanOrEqualTo(firstP50 / 2);
        fx.assertConsistent();
    }

    private static final int ROUNDS = 15;
    private static final int REPLAYS_PER_ROUND = 5;

    private static double median(List<Long> nanos) {
        var sorted = nanos.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2) / 1e6;
    }

    @Test
    void badInputIsA4xxProblemAndWritesNothing() throws Exception {
        var good = CheckoutFixture.body("GAR-0002", 1);
        record Case(String key, String body, int status) {}
        var cases = new Case[] {
            new Case(null, good, 400), // no key
            new Case("short", good, 400), // < 8 characters
            new Case("has spaces in it", good, 400), // charset
            new Case("k".repeat(65), good, 400), // > 64 characters
            new Case(CheckoutFixture.newKey(), good.replace("\"quantity\":1", "\"quantity\":-3"), 422),
            new Case(CheckoutFixture.newKey(), good.replace("GAR-0002", "GAR-9999"), 422), // unknown SKU
            new Case(CheckoutFixture.newKey(), good.replace("GAR-0002", "nonsense"), 422),
            new Case(
                    CheckoutFixture.newKey(),
                    good.replace("Grace Hopper\",\"email", "g".repeat(100_000) + "\",\"email"),
                    413),
            new Case(CheckoutFixture.newKey(), "{not json", 400),
        };
        for (var c : cases) {
            var r = fx.send(fx.order(c.key(), c.body(), 8000));
            assertThat(r.statusCode()).as(c.key() + " " + r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            if (c.key() != null && c.key().startsWith("drill-")) {
                assertThat(fx.ordersFor(c.key())).isZero();
            }
        }
        fx.assertConsistent();
    }
}
