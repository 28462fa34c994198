package dev.resilientshop.productpage.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.productpage.web.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pricing fallback: the last known prices pricing-service publishes to the Redis hash
 * {@code pricing:last-known} (with the ISO instant in {@code pricing:last-known:ts}) every 60 s,
 * mirrored in memory and re-read whenever the timestamp moves (see {@code StockSnapshot} for why
 * a mirror). A page that shows one says so ("Last known price"); checkout asks pricing again,
 * so nobody pays a stale price. Thread-safe.
 */
@ApplicationScoped
@Startup
public class LastKnownPrices {

    static final String KEY = "pricing:last-known";
    static final String TIMESTAMP_KEY = "pricing:last-known:ts";
    private static final Logger LOG = Logger.getLogger(LastKnownPrices.class);

    record Loaded(Map<String, Price> bySku, Instant publishedAt) {
    }

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String prefix;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    LastKnownPrices(RedisDataSource redis, ObjectMapper json, Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix.orElse("");
        background.every("pricing-last-known", every, this::refresh);
    }

    public void refresh() {
        String ts = redis.value(String.class).get(prefix + TIMESTAMP_KEY);
        var loaded = current.get();
        if (ts == null) {
            current.set(null); // Redis answered: there are none (a Redis outage throws and keeps ours)
            return;
        }
        if (loaded != null && loaded.publishedAt().equals(Instant.parse(ts))) {
            return;
        }
        var bySku = new HashMap<String, Price>();
        redis.hash(String.class).hgetall(prefix + KEY).forEach((sku, value) -> {
            try {
                bySku.put(sku, json.readValue(value, Price.class));
            } catch (Exception e) {
                LOG.debugf("unreadable last known price %s: %s", sku, e.toString());
            }
        });
        if (!bySku.isEmpty()) {
            current.set(new Loaded(Map.copyOf(bySku), Instant.parse(ts)));
        }
    }

    /** The last known price of {@code sku}; throws when there is none (the chain then ends: "Price unavailable"). */
    Price price(String sku) {
        var loaded = current.get();
        var price = loaded == null ? null : loaded.bySku().get(sku);
        if (price == null) {
            throw new IllegalStateException("no last known price for " + sku);
        }
        return price;
    }

    /** Seconds since pricing published the prices in use; -1 when none are loaded. */
    long ageSeconds() {
        var loaded = current.get();
        return loaded == null ? -1 : Math.max(0, Duration.between(loaded.publishedAt(), Instant.now()).toSeconds());
    }
}
