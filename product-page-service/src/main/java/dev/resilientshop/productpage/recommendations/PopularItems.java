package dev.resilientshop.productpage.recommendations;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.fallback.RedisSnapshotMirror;
import dev.resilientshop.productpage.dependency.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The last two links of seed 003's recommendations chain: the best-sellers recommendations-service
 * publishes to the Redis hash {@code recs:popular} (with its time in {@code recs:popular:ts};
 * mirrored here by {@link RedisSnapshotMirror}, re-read when the timestamp moves, checked every
 * 2 s), best first; and, when even those are missing, a built-in list that cannot fail: the first
 * product of each category of the seed catalog. Stale best-sellers beat none, so there is no
 * maximum age. Thread-safe.
 */
@ApplicationScoped
@Startup
public class PopularItems {

    static final String KEY = "recs:popular";

    /** Best first, as recommendations orders them (popularity, then SKU). */
    static final Comparator<Recommendation> BEST_FIRST =
            Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::sku);

    /** Seed 003: "the last alternative should be one that cannot fail". */
    static final List<Recommendation> BUILT_IN = IntStream.range(
                    0, CatalogSeed.products().size())
            .filter(i -> i % CatalogSeed.PRODUCTS_PER_CATEGORY == 0)
            .mapToObj(i -> CatalogSeed.products().get(i))
            .map(p -> new Recommendation(p.sku(), p.name(), p.category(), 0))
            .toList();

    private final RedisSnapshotMirror<Recommendation> mirror;

    PopularItems(
            RedisDataSource redis,
            ObjectMapper json,
            Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every) {
        this.mirror = new RedisSnapshotMirror<>(redis, json, prefix.orElse("") + KEY, Recommendation.class);
        background.every("recs-popular", every, this::refresh);
    }

    /** Re-reads the best-sellers if recommendations published newer ones ({@link RedisSnapshotMirror#refresh()}). */
    public void refresh() {
        mirror.refresh();
    }

    /** The published best-sellers, best first, excluding {@code sku}; throws when none are loaded. */
    List<Recommendation> fromRedis(String sku, int limit) {
        var loaded = mirror.current().orElseThrow(() -> new IllegalStateException("no popular items in Redis " + KEY));
        return loaded.byKey().values().stream()
                .filter(r -> !r.sku().equals(sku))
                .sorted(BEST_FIRST)
                .limit(limit)
                .toList();
    }

    /** Seconds since recommendations published the best-sellers in use; -1 when none are loaded. */
    public long ageSeconds() {
        return mirror.current().map(RedisSnapshotMirror.Loaded::ageSeconds).orElse(-1L);
    }

    static List<Recommendation> builtIn(String sku, int limit) {
        return BUILT_IN.stream().filter(r -> !r.sku().equals(sku)).limit(limit).toList();
    }
}
