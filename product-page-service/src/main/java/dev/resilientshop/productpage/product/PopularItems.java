package dev.resilientshop.productpage.product;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.productpage.web.Background;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The last two links of seed 003's recommendations chain: the best-sellers recommendations-service
 * publishes to Redis {@code recs:popular} (mirrored here, re-read every 2 s), and, when even
 * those are missing, a built-in list that cannot fail: the first product of each category of the
 * seed catalog. Thread-safe.
 */
@ApplicationScoped
@Startup
public class PopularItems {

    static final String KEY = "recs:popular";

    /** Seed 003: "the last alternative should be one that cannot fail". */
    static final List<Recommendation> BUILT_IN = IntStream.range(0, CatalogSeed.products().size())
            .filter(i -> i % CatalogSeed.PRODUCTS_PER_CATEGORY == 0)
            .mapToObj(i -> CatalogSeed.products().get(i))
            .map(p -> new Recommendation(p.sku(), p.name(), p.category(), 0))
            .toList();

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String prefix;
    private final AtomicReference<List<Recommendation>> current = new AtomicReference<>();

    PopularItems(RedisDataSource redis, ObjectMapper json, Background background,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.fallback.refresh-every", defaultValue = "2s") Duration every) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix.orElse("");
        background.every("recs-popular", every, this::refresh);
    }

    public void refresh() {
        String value = redis.value(String.class).get(prefix + KEY);
        if (value == null) {
            current.set(null); // Redis answered: there are none (a Redis outage throws and keeps ours)
            return;
        }
        try {
            List<Recommendation> items = json.readValue(value, new TypeReference<>() { });
            if (!items.isEmpty()) {
                current.set(List.copyOf(items));
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable " + KEY + ": " + e.getMessage(), e);
        }
    }

    /** The published best-sellers, excluding {@code sku}; throws when none were ever read. */
    List<Recommendation> fromRedis(String sku, int limit) {
        var items = current.get();
        if (items == null) {
            throw new IllegalStateException("no popular items in Redis " + KEY);
        }
        return items.stream().filter(r -> !r.sku().equals(sku)).limit(limit).toList();
    }

    static List<Recommendation> builtIn(String sku, int limit) {
        return BUILT_IN.stream().filter(r -> !r.sku().equals(sku)).limit(limit).toList();
    }
}
