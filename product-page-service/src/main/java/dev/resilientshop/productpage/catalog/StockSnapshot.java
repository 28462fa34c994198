package dev.resilientshop.productpage.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.productpage.web.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The inventory fallback (seed 002: "the cart-rendering path falls back to the cached inventory
 * snapshot from Redis ... users see a banner ('Stock counts may lag by up to 2 minutes') instead
 * of a 500"). inventory-service writes the whole catalog with stock counts to the Redis hash
 * {@code inventory:snapshot} (and the time to {@code inventory:snapshot:ts}) every 10 s; this
 * class mirrors it in memory, re-reading the hash whenever the timestamp moves
 * ({@code shop.fallback.refresh-every}, 2 s).
 *
 * <p>Why a mirror and not a Redis read per fallback: the fallback runs exactly when things are
 * going wrong, on whatever thread completed the failed call (an event loop, a timer); it must
 * be an in-memory lookup that cannot itself be slow or fail. The price: the snapshot we show is
 * up to 2 s older than Redis's, which the page's "snapshot from N s ago" includes.
 *
 * <p>A snapshot older than {@code shop.fallback.snapshot-max-age} (1 h) is not used: better an
 * honest 503 page than stock counts from yesterday. Thread-safe (one atomic reference).
 */
@ApplicationScoped
@Startup
public class StockSnapshot {

    static final String KEY = "inventory:snapshot";
    static final String TIMESTAMP_KEY = "inventory:snapshot:ts";
    private static final Logger LOG = Logger.getLogger(StockSnapshot.class);

    /** What was loaded: products by SKU and when inventory took the snapshot (epoch ms). */
    record Loaded(Map<String, Product> bySku, long takenAtMillis) {
    }

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String prefix;
    private final Duration maxAge;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    StockSnapshot(RedisDataSource redis, ObjectMapper json, Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every,
            @ConfigProperty(name = "shop.fallback.snapshot-max-age", defaultValue = "1h") Duration maxAge) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix.orElse("");
        this.maxAge = maxAge;
        background.every("inventory-snapshot", every, this::refresh);
    }

    /**
     * Re-reads the hash if inventory wrote a newer one; forgets it when Redis has none. When Redis
     * cannot be reached this throws and the copy in hand stays: it is still the last snapshot.
     */
    public void refresh() {
        Long ts = redis.value(Long.class).get(prefix + TIMESTAMP_KEY);
        var loaded = current.get();
        if (ts == null) {
            current.set(null);
            return;
        }
        if (loaded != null && loaded.takenAtMillis() == ts) {
            return;
        }
        var fields = redis.hash(String.class).hgetall(prefix + KEY);
        var bySku = new HashMap<String, Product>(fields.size() * 2);
        fields.forEach((sku, value) -> {
            try {
                bySku.put(sku, json.readValue(value, Product.class));
            } catch (Exception e) {
                LOG.debugf("unreadable snapshot entry %s: %s", sku, e.toString());
            }
        });
        if (!bySku.isEmpty()) {
            current.set(new Loaded(Map.copyOf(bySku), ts));
        }
    }

    /**
     * The product as of the snapshot, or empty when the snapshot is usable but does not know the SKU.
     *
     * @throws SnapshotUnavailableException when there is no usable snapshot at all
     */
    public Optional<Product> product(String sku) {
        return Optional.ofNullable(usable().bySku().get(sku));
    }

    /** Seconds since inventory took the snapshot now in use. */
    public long ageSeconds() {
        return Math.max(0, (System.currentTimeMillis() - usable().takenAtMillis()) / 1000);
    }

    private Loaded usable() {
        var loaded = current.get();
        if (loaded == null) {
            throw new SnapshotUnavailableException("no inventory snapshot has been read from Redis");
        }
        if (System.currentTimeMillis() - loaded.takenAtMillis() > maxAge.toMillis()) {
            throw new SnapshotUnavailableException("the inventory snapshot is older than " + maxAge);
        }
        return loaded;
    }

    /** Neither inventory nor a usable snapshot: the page can only say "come back later". */
    public static final class SnapshotUnavailableException extends RuntimeException {
        SnapshotUnavailableException(String message) {
            super(message);
        }
    }
}
