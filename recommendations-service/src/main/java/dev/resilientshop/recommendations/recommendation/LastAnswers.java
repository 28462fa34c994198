package dev.resilientshop.recommendations.recommendation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.recommendations.popular.PopularItems;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps each user's last answer in Redis under {@code recs:{userId}} for {@link #TTL}: the first
 * step of the product page's fallback chain (seed 003: {@code recs:{userId}} → popular items →
 * built-in list) when this service is down or slow.
 *
 * <p>The write is fire-and-forget: a slow or absent Redis must never delay or fail the answer it
 * is caching. A user id that would land on one of our other keys ({@code popular}) is not cached.
 */
@ApplicationScoped
class LastAnswers {

    static final String PREFIX = "recs:";
    static final Duration TTL = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(LastAnswers.class);

    private final ReactiveValueCommands<String, String> values;
    private final ObjectMapper json;

    LastAnswers(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.values = redis.value(String.class);
        this.json = json;
    }

    static String key(String userId) {
        return PREFIX + userId;
    }

    void remember(String userId, RecommendationAnswer answer) {
        var key = key(userId);
        if (key.equals(PopularItems.KEY)) {
            return;
        }
        values.setex(key, TTL.toSeconds(), toJson(answer))
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf("Could not cache recommendations under %s: %s", key, failure.toString()));
    }

    private String toJson(RecommendationAnswer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Recommendation answer is not serialisable", e);
        }
    }
}
