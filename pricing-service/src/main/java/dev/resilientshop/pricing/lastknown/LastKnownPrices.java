package dev.resilientshop.pricing.lastknown;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.fallback.RedisSnapshot;
import dev.resilientshop.pricing.price.Price;
import dev.resilientshop.pricing.price.PriceRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.LinkedHashMap;

/**
 * Publishes every current price to the Redis hash {@value #KEY} (field = SKU, value = the
 * {@link Price} JSON that {@code GET /prices/{sku}} answers) at start-up and every
 * {@code pricing.last-known.every} (60 s). When pricing is down or slow, the product page shows
 * this last known price, marked as such, instead of no price at all; checkout still asks
 * pricing, so nobody buys at a stale price.
 *
 * <p>Written as every fallback snapshot is ({@link RedisSnapshot}): the hash and its timestamp
 * {@code pricing:last-known:ts} (the ISO-8601 instant of the publication, so a reader can say how
 * old a fallback price is) are replaced in one step, so a reader sees the old set or the new set,
 * never half of each, and SKUs that no longer exist drop out. An empty price table never replaces
 * a good snapshot.
 */
@ApplicationScoped
public class LastKnownPrices {

    public static final String KEY = "pricing:last-known";
    public static final String TIMESTAMP_KEY = RedisSnapshot.timestampKey(KEY);

    private final PriceRepository prices;
    private final RedisSnapshot snapshot;
    private final Clock clock;

    LastKnownPrices(PriceRepository prices, RedisDataSource redis, ObjectMapper json, Clock clock) {
        this.prices = prices;
        this.snapshot = new RedisSnapshot(redis, json, KEY);
        this.clock = clock;
    }

    /** @return how many prices were published (0 when there were none to publish) */
    public int publish() {
        var now = clock.instant();
        var bySku = new LinkedHashMap<String, Price>();
        for (Price price : prices.all(now)) {
            bySku.put(price.sku(), price);
        }
        return snapshot.publish(bySku, now);
    }

    /** After the seed is loaded; a Redis outage delays the first publication, never the start-up. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        publishQuietly();
    }

    @Scheduled(
            identity = "pricing-last-known",
            every = "${pricing.last-known.every}",
            delayed = "${pricing.last-known.first-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        publishQuietly();
    }

    private void publishQuietly() {
        snapshot.publishQuietly(this::publish);
    }
}
