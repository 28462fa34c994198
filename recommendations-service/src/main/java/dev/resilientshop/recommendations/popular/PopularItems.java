package dev.resilientshop.recommendations.popular;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.recommendations.item.Item;
import dev.resilientshop.recommendations.item.ItemRepository;
import dev.resilientshop.recommendations.item.Recommendation;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The shop's best-sellers, for {@code GET /recommendations/popular} and for the Redis key
 * {@value #KEY}: a JSON array of the top {@value #PUBLISHED} {@link Recommendation}s (score =
 * orders per month), written at start-up and every {@code recommendations.popular.every} (60 s).
 * It is the product page's second fallback (seed 003) when this service is down or slow, so it
 * has no TTL: stale best-sellers beat none. An empty table never overwrites a good list.
 */
@ApplicationScoped
public class PopularItems {

    public static final String KEY = "recs:popular";
    public static final int PUBLISHED = 24;

    private static final Logger LOG = Logger.getLogger(PopularItems.class);

    private final ItemRepository items;
    private final RedisDataSource redis;
    private final ObjectMapper json;

    PopularItems(ItemRepository items, RedisDataSource redis, ObjectMapper json) {
        this.items = items;
        this.redis = redis;
        this.json = json;
    }

    List<Recommendation> top(int limit) {
        return items.popular(limit).stream().map(i -> i.withScore(i.popularity())).toList();
    }

    /** @return how many items were published */
    public int publish() {
        var top = top(PUBLISHED);
        if (top.isEmpty()) {
            return 0;
        }
        try {
            redis.value(String.class).set(KEY, json.writeValueAsString(top));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Popular items are not serialisable", e);
        }
        return top.size();
    }

    /** After the seed is loaded; a Redis outage delays the first publication, never the start-up. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        publishQuietly();
    }

    @Scheduled(identity = "recs-popular", every = "${recommendations.popular.every}",
            delayed = "${recommendations.popular.first-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        publishQuietly();
    }

    private void publishQuietly() {
        try {
            LOG.debugf("Published %d popular items to %s", publish(), KEY);
        } catch (RuntimeException e) {
            LOG.warnf("Could not publish popular items to Redis (%s); will retry on the next run", e.toString());
        }
    }
}
