package dev.resilientshop.productpage.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.fallback.RedisSnapshotMirror;
import dev.resilientshop.productpage.dependency.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The inventory fallback (seed 002: "the cart-rendering path falls back to the cached inventory
 * snapshot from Redis ... users see a banner ('Stock counts may lag by up to 2 minutes') instead
 * of a 500"). inventory-service writes the whole catalog with stock counts to the Redis hash
 * {@code inventory:snapshot} (and the time to {@code inventory:snapshot:ts}) every 10 s; this
 * class mirrors it in memory ({@link RedisSnapshotMirror}: why a mirror), re-reading the hash
 * whenever the timestamp moves ({@code shop.fallback.refresh-every}, 2 s).
 *
 * <p>A snapshot older than {@code shop.fallback.snapshot-max-age} (1 h) is not used: better an
 * honest 503 page than stock counts from yesterday. Thread-safe (one atomic reference).
 */
@ApplicationScoped
@Startup
public class StockSnapshot {

    static final String KEY = "inventory:snapshot";
    /** Seed 002's banner, word for word: shown while the snapshot is at most {@link #BANNER_PROMISE_SECONDS} old. */
    public static final String STOCK_BANNER = "Stock counts may lag by up to 2 minutes";
    /**
     * For an older snapshot (the page uses one up to {@code shop.fallback.snapshot-max-age}, 1 h;
     * during an outage nobody refreshes it): the "2 minutes" would be false, so the banner says
     * only that the counts may be out of date, and the age beside it says by how much.
     */
    public static final String STALE_STOCK_BANNER = "Stock counts may be out of date";

    static final long BANNER_PROMISE_SECONDS = 120;

    /**
     * What a page says over stock counts read from the snapshot: the seed's banner, or the stale
     * one once the snapshot is older than the banner promises.
     */
    public static String banner(Long ageSeconds) {
        return ageSeconds != null && ageSeconds > BANNER_PROMISE_SECONDS ? STALE_STOCK_BANNER : STOCK_BANNER;
    }

    private final RedisSnapshotMirror<Product> mirror;
    private final Duration maxAge;

    StockSnapshot(
            RedisDataSource redis,
            ObjectMapper json,
            Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every,
            @ConfigProperty(name = "shop.fallback.snapshot-max-age", defaultValue = "1h") Duration maxAge) {
        this.mirror = new RedisSnapshotMirror<>(redis, json, prefix.orElse("") + KEY, Product.class);
        this.maxAge = maxAge;
        background.every("inventory-snapshot", every, this::refresh);
    }

    /** Re-reads the snapshot if inventory wrote a newer one ({@link RedisSnapshotMirror#refresh()}). */
    public void refresh() {
        mirror.refresh();
    }

    /**
     * The product as of the snapshot, or empty when the snapshot is usable but does not know the SKU.
     *
     * @throws SnapshotUnavailableException when there is no usable snapshot at all
     */
    public Optional<Product> product(String sku) {
        return Optional.ofNullable(usable().byKey().get(sku));
    }

    /**
     * A page of the listing inventory's {@code GET /products} would answer, as of the snapshot: the
     * same filter (category equal, the query anywhere in name or description, case-insensitive), the
     * same order (by SKU) and paging, so a category or search page reads the same off either.
     *
     * @throws SnapshotUnavailableException when there is no usable snapshot at all
     */
    public ProductListing listing(String category, String query, int page, int size) {
        var needle = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
        var matching = usable().byKey().values().stream()
                .filter(p -> category == null || category.equals(p.category()))
                .filter(p -> needle == null
                        || (p.name() + " " + p.description())
                                .toLowerCase(Locale.ROOT)
                                .contains(needle))
                .sorted(Comparator.comparing(Product::sku))
                .toList();
        long from = Math.min((long) page * size, matching.size());
        var items = matching.subList((int) from, (int) Math.min(from + size, matching.size()));
        return new ProductListing(List.copyOf(items), matching.size(), page, size, "snapshot");
    }

    /** Seconds since inventory took the snapshot now in use. */
    public long ageSeconds() {
        return usable().ageSeconds();
    }

    private RedisSnapshotMirror.Loaded<Product> usable() {
        var loaded = mirror.current()
                .orElseThrow(() -> new SnapshotUnavailableException("no inventory snapshot has been read from Redis"));
        if (Duration.between(loaded.publishedAt(), Instant.now()).compareTo(maxAge) > 0) {
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
