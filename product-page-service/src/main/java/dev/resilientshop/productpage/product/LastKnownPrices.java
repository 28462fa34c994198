package dev.resilientshop.productpage.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.productpage.web.Background;
import dev.resilientshop.productpage.web.RedisHashMirror;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pricing fallback: the last known prices pricing-service publishes to the Redis hash
 * {@code pricing:last-known} (with the ISO instant in {@code pricing:last-known:ts}) every 60 s,
 * mirrored in memory and re-read whenever the timestamp moves ({@link RedisHashMirror}: why a
 * mirror). A page that shows one says so ("Last known price"); checkout asks pricing again,
 * so nobody pays a stale price. Thread-safe.
 */
@ApplicationScoped
@Startup
public class LastKnownPrices {

    static final String KEY = "pricing:last-known";
    static final String TIMESTAMP_KEY = "pricing:last-known:ts";

    private final RedisHashMirror<Price> mirror;

    LastKnownPrices(RedisDataSource redis, ObjectMapper json, Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every) {
        // pricing writes the time it published as an ISO instant
        this.mirror = new RedisHashMirror<>(redis, json, prefix.orElse("") + KEY, prefix.orElse("") + TIMESTAMP_KEY,
                Price.class, Instant::parse);
        background.every("pricing-last-known", every, this::refresh);
    }

    /** Re-reads the prices if pricing published newer ones ({@link RedisHashMirror#refresh()}). */
    public void refresh() {
        mirror.refresh();
    }

    /** The last known price of {@code sku}; throws when there is none (the chain then ends: "Price unavailable"). */
    Price price(String sku) {
        var price = mirror.current().map(loaded -> loaded.byKey().get(sku)).orElse(null);
        if (price == null) {
            throw new IllegalStateException("no last known price for " + sku);
        }
        return price;
    }

    /** Seconds since pricing published the prices in use; -1 when none are loaded. */
    long ageSeconds() {
        return mirror.current().map(loaded -> Math.max(0, Duration.between(loaded.publishedAt(), Instant.now()).toSeconds()))
                .orElse(-1L);
    }
}
