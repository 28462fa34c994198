package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7 against the real shop: one key sent 200 times at once is one order, one reservation and
 * one charge; replays are fast and identical; bad input writes nothing.
 */
@ExtendWith(Shop.class)
@Order(200)
class IdempotentCheckoutDrillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CheckoutFixture fx = new CheckoutFixture();

    @Test
    void twoHundredConcurrentRequestsWithOneKeyMakeOneOrderOneReservationOneCharge() throws Exception {
        fx.topUp("GAR-0001", 500);
        int before = fx.stock("GAR-0001");
        var key = CheckoutFixture.newKey();
        var body = CheckoutFixture.body("GAR-0001", 2);

        // 200 requests, 50 workers released at once, the same key and body
        var burst = Load.run(50, 200, Duration.ofSeconds(60), i -> fx.order(key, body, 8000));

        var ids = new HashSet<String>();
        for (var s : burst.samples()) {
            assertThat(s.status()).as(s.body()).isIn(201, 409);
            var json = JSON.readTree(s.body());
            if (s.status() == 201) {
                ids.add(json.path("id").asText());
            } else { // "in flight": names no order (the key may be someone else's, issue 12)
                assertThat(s.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(json.has("orderId")).as(s.body()).isFalse();
            }
        }
        var orderId = UUID.fromString(ids.iterator().next());
        var created = burst.samples().stream().filter(s -> s.status() == 201).map(Load.Sample::body).distinct().count();
        System.out.printf("drill 200-same-key: 201=%d 409=%d other=%d; distinct 201 bodies=%d; p50=%.1f ms p99=%.1f ms%n",
                burst.count(201), burst.count(409), 200 - burst.count(201) - burst.count(409), created,
                burst.percentileMillis(0.50), burst.percentileMillis(0.99));
        assertThat(ids).hasSize(1); // every 201 names the same order
        assertThat(created).isEqualTo(1); // the replays are the first 201, byte for byte
        assertThat(fx.ordersFor(key)).isEqualTo(1);
        assertThat(fx.liveReservations(orderId)).isEqualTo(1);
        assertThat(fx.chargeRows(orderId)).isEqualTo(1);
        assertThat(fx.stock("GAR-0001")).isEqualTo(before - 2); // 2 taken once, not 2 x 200

        // Replay latency: 300 sequential-ish replays of the finished key (10 workers).
        var replays = Load.run(10, 300, Duration.ofSeconds(60), i -> fx.order(key, body, 8000));
        assertThat(replays.count(201)).isEqualTo(300);
        assertThat(replays.samples()).allSatisfy(s -> assertThat(s.response().headers().firstValue("Idempotent-Replayed")).hasValue("true"));
        System.out.printf("drill replay latency: n=300 p50=%.1f ms p99=%.1f ms%n", replays.percentileMillis(0.50),
                replays.percentileMillis(0.99));
        assertThat(fx.chargeRows(orderId)).isEqualTo(1);
        fx.assertConsistent();
    }

    @Test
    void badInputIsA4xxProblemAndWritesNothing() throws Exception {
        var good = CheckoutFixture.body("GAR-0002", 1);
        record Case(String key, String body, int status) {
        }
        var cases = new Case[] {
            new Case(null, good, 400),                                        // no key
            new Case("short", good, 400),                                     // < 8 characters
            new Case("has spaces in it", good, 400),                          // charset
            new Case("k".repeat(65), good, 400),                              // > 64 characters
            new Case(CheckoutFixture.newKey(), good.replace("\"quantity\":1", "\"quantity\":-3"), 422),
            new Case(CheckoutFixture.newKey(), good.replace("GAR-0002", "GAR-9999"), 422), // unknown SKU
            new Case(CheckoutFixture.newKey(), good.replace("GAR-0002", "nonsense"), 422),
            new Case(CheckoutFixture.newKey(), good.replace("Grace Hopper\",\"email", "g".repeat(100_000) + "\",\"email"), 413),
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
