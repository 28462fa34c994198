package dev.resilientshop.inventory.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.inventory.Replica;
import dev.resilientshop.inventory.catalog.CatalogRepository;
import dev.resilientshop.inventory.catalog.Product;
import dev.resilientshop.kit.fallback.RedisSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;

/**
 * Publishes the whole catalog with its stock to Redis every few seconds: the product page's
 * fallback when inventory is down or slow (seed 002: "the cart-rendering path falls back to the
 * cached inventory snapshot from Redis ... users see a banner ("Stock counts may lag by up to 2
 * minutes") instead of a 500").
 *
 * <p>Keys (documented in the README), written as every fallback snapshot is ({@link RedisSnapshot}:
 * the whole hash and its timestamp replaced in one step, so a SKU that left the catalog drops out,
 * and an empty catalog never replaces a good snapshot):
 * <ul>
 * <li>{@code inventory:snapshot}: a hash, field = SKU, value = the {@link Product} JSON with its
 * {@code available} count at snapshot time, so a reader fetches one product with HGET;</li>
 * <li>{@code inventory:snapshot:ts}: the ISO-8601 instant of that publication, so a reader can say
 * how old the stock counts are.</li>
 * </ul>
 * Both replicas publish; the data is the same and the newest write wins. A failed publication is
 * logged and retried on the next tick: the snapshot is a fallback, never on the request path.
 */
@ApplicationScoped
public class SnapshotPublisher {

    public static final String SNAPSHOT_KEY = "inventory:snapshot";
    public static final String TIMESTAMP_KEY = RedisSnapshot.timestampKey(SNAPSHOT_KEY);

    private final CatalogRepository catalog;
    private final RedisSnapshot snapshot;
    private final Replica replica;
    private final Clock clock;

    SnapshotPublisher(CatalogRepository catalog, RedisDataSource redis, ObjectMapper json, Replica replica) {
        this.catalog = catalog;
        this.snapshot = new RedisSnapshot(redis, json, SNAPSHOT_KEY);
        this.replica = replica;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(
            every = "${inventory.snapshot.every}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        snapshot.publishQuietly(this::publish);
    }

    /** Writes the snapshot now and returns how many products it holds (0: none, the old snapshot stays). */
    public int publish() throws SQLException {
        var products = new LinkedHashMap<String, Product>();
        for (var r : catalog.all()) {
            products.put(
                    r.sku(),
                    new Product(
                            r.sku(),
                            r.name(),
                            r.description(),
                            r.category(),
                            r.categoryName(),
                            r.imageUrl(),
                            r.available(),
                            replica.name()));
        }
        return snapshot.publish(products, clock.instant());
    }
}
