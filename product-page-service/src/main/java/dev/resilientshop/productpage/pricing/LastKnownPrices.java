package dev.resilientshop.productpage.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.fallback.RedisSnapshotMirror;
import dev.resilientshop.productpage.dependency.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pricing fallback: the last known prices pricing-service publishes to the Redis hash
 * {@code pricing:last-known} (with its time in {@code pricing:last-known:ts}) every 60 s,
 * mirrored in memory and re-read whenever the timestamp moves ({@link RedisSnapshotMirror}: why a
 * mirror). A page that shows one says so ("Last known price"); checkout asks pricing again,
 * so nobody pays a stale price. Thread-safe.
 */
@ApplicationScoped
@Startup
public class LastKnownPrices {

    static final String KEY = "pricing:last-known";

    private final RedisSnapshotMirror<Price> mirror;

    LastKnownPrices(
            RedisDataSource redis,
            ObjectMapper json,
            Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every) {
        this.mirror = new RedisSnapshotMirror<>(redis, json, prefix.orElse("") + KEY, Price.class);
        background.every("pricing-last-known", every, this::refresh);
    }

    /** Re-reads the prices if pricing published newer ones ({@link RedisSnapshotMirror#refresh()}). */
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
        return mirror.current().map(RedisSnapshotMirror.Loaded::ageSeconds).orElse(-1L);
    }
}
