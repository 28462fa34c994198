package dev.resilientshop.recommendations.popular;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.fallback.RedisSnapshot;
import dev.resilientshop.recommendations.item.ItemRepository;
import dev.resilientshop.recommendations.item.Recommendation;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The shop's best-sellers, for {@code GET /recommendations/popular} and for Redis: the top
 * {@value #PUBLISHED} {@link Recommendation}s (score = orders per month), written at start-up and
 * every {@code recommendations.popular.every} (60 s) as every fallback snapshot is
 * ({@link RedisSnapshot}): the hash {@value #KEY} (field = SKU, value = the Recommendation JSON;
 * a reader orders them by score, best first, then by SKU, as {@code GET /recommendations/popular}
 * does) and the ISO-8601 instant of the publication in {@code recs:popular:ts}. It is the product
 * page's second fallback (seed 003) when this service is down or slow, so it has no TTL: stale
 * best-sellers beat none. An empty table never overwrites a good list.
 */
@ApplicationScoped
public class PopularItems {

    public static final String KEY = "recs:popular";
    public static final int PUBLISHED = 24;

    private final ItemRepository items;
    private final RedisSnapshot snapshot;
    private final Clock clock = Clock.systemUTC();

    PopularItems(ItemRepository items, RedisDataSource redis, ObjectMapper json) {
        this.items = items;
        this.snapshot = new RedisSnapshot(redis, json, KEY);
    }

    List<Recommendation> top(int limit) {
        return items.popular(limit).stream()
                .map(i -> i.withScore(i.popularity()))
                .toList();
    }

    /** @return how many items were published */
    public int publish() {
        var bySku = new LinkedHashMap<String, Recommendation>();
        for (var item : top(PUBLISHED)) {
            bySku.put(item.sku(), item);
        }
        return snapshot.publish(bySku, clock.instant());
    }

    /** After the seed is loaded; a Redis outage delays the first publication, never the start-up. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        publishQuietly();
    }

    @Scheduled(
            identity = "recs-popular",
            every = "${recommendations.popular.every}",
            delayed = "${recommendations.popular.first-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        publishQuietly();
    }

    private void publishQuietly() {
        snapshot.publishQuietly(this::publish);
    }
}
