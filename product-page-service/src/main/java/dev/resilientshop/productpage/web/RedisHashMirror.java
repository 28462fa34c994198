package dev.resilientshop.productpage.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * An in-memory copy of a Redis hash of JSON values that another service publishes together with
 * a timestamp key: the data behind the product page's fallbacks (inventory's stock snapshot,
 * pricing's last known prices). {@link #refresh()} re-reads the hash only when the timestamp
 * moved; the owners call it on a schedule.
 *
 * <p>Why a mirror and not a Redis read per fallback: a fallback runs exactly when things are going
 * wrong, on whatever thread completed the failed call (an event loop, a timer); it must be an
 * in-memory lookup that cannot itself be slow or fail. The price: what a page shows is up to one
 * refresh interval older than Redis's copy, which the page's "N s ago" includes.
 *
 * <p>When Redis cannot be reached, {@code refresh} throws and the copy in hand stays (it is still
 * the last one published); when Redis answers that there is no timestamp, the copy is dropped.
 * An unreadable entry is skipped; an empty hash never replaces a good copy. Thread-safe (one
 * atomic reference).
 *
 * @param <T> the type of each hash value (JSON)
 */
public final class RedisHashMirror<T> {

    private static final Logger LOG = Logger.getLogger(RedisHashMirror.class);

    /** What was loaded: values by field (SKU) and when the publisher wrote them. */
    public record Loaded<T>(Map<String, T> byKey, Instant publishedAt) {
    }

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String hashKey;
    private final String timestampKey;
    private final Class<T> type;
    private final Function<String, Instant> timestamp;
    private final AtomicReference<Loaded<T>> current = new AtomicReference<>();

    /**
     * @param timestamp how the publisher writes its timestamp (epoch milliseconds, an ISO instant)
     */
    public RedisHashMirror(RedisDataSource redis, ObjectMapper json, String hashKey, String timestampKey, Class<T> type,
            Function<String, Instant> timestamp) {
        this.redis = redis;
        this.json = json;
        this.hashKey = hashKey;
        this.timestampKey = timestampKey;
        this.type = type;
        this.timestamp = timestamp;
    }

    /** Re-reads the hash if the publisher wrote a newer one; forgets it when Redis has none. */
    public void refresh() {
        String ts = redis.value(String.class).get(timestampKey);
        if (ts == null) {
            current.set(null);
            return;
        }
        Instant publishedAt = timestamp.apply(ts);
        var loaded = current.get();
        if (loaded != null && loaded.publishedAt().equals(publishedAt)) {
            return;
        }
        var fields = redis.hash(String.class).hgetall(hashKey);
        var byKey = new HashMap<String, T>(fields.size() * 2);
        fields.forEach((key, value) -> {
            try {
                byKey.put(key, json.readValue(value, type));
            } catch (Exception e) {
                LOG.debugf("unreadable entry %s of %s: %s", key, hashKey, e.toString());
            }
        });
        if (!byKey.isEmpty()) {
            current.set(new Loaded<>(Map.copyOf(byKey), publishedAt));
        }
    }

    /** The copy in hand, if any. */
    public Optional<Loaded<T>> current() {
        return Optional.ofNullable(current.get());
    }
}
