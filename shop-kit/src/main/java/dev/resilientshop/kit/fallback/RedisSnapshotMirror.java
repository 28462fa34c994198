package dev.resilientshop.kit.fallback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * An in-memory copy of a {@link RedisSnapshot} another service publishes: the data behind the
 * product page's fallbacks (inventory's stock snapshot, pricing's last known prices,
 * recommendations' popular items). {@link #refresh()} re-reads the hash only when the timestamp
 * moved; the owners call it on a schedule.
 *
 * <p>Why a mirror and not a Redis read per fallback: a fallback runs exactly when things are going
 * wrong, on whatever thread completed the failed call (an event loop, a timer); it must be an
 * in-memory lookup that cannot itself be slow or fail. The price: what a page shows is up to one
 * refresh interval older than Redis's copy, which the page's "N s ago" includes.
 *
 * <p>When Redis cannot be reached, {@code refresh} throws and the copy in hand stays (it is still
 * the last one published). When Redis answers that there is no timestamp, or one that is not a
 * timestamp ({@link RedisSnapshot#parseTimestamp}), the copy is dropped: nobody can say how old
 * the data is, so there is no usable snapshot (logged once per such value). A key that is not a
 * hash (a publisher of an older release wrote another type during a rolling upgrade) fails the
 * read like an outage, and the copy in hand stays. An unreadable entry is skipped; an empty hash
 * never replaces a good copy. Thread-safe (one atomic reference).
 *
 * @param <T> the type of each hash value (JSON)
 */
public final class RedisSnapshotMirror<T> {

    private static final Logger LOG = Logger.getLogger(RedisSnapshotMirror.class);

    /** What was loaded: values by field (SKU) and when the publisher wrote them. */
    public record Loaded<T>(Map<String, T> byKey, Instant publishedAt) {

        /** Seconds since the publisher wrote this copy (0 if its clock is ahead of ours). */
        public long ageSeconds() {
            return Math.max(0, Duration.between(publishedAt, Instant.now()).toSeconds());
        }
    }

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String key;
    private final Class<T> type;
    private final AtomicReference<Loaded<T>> current = new AtomicReference<>();
    private volatile String lastUnreadableTimestamp;

    /** @param key the snapshot's hash key (its timestamp is {@link RedisSnapshot#timestampKey}) */
    public RedisSnapshotMirror(RedisDataSource redis, ObjectMapper json, String key, Class<T> type) {
        this.redis = redis;
        this.json = json;
        this.key = key;
        this.type = type;
    }

    /** Re-reads the hash if the publisher wrote a newer one; forgets it when Redis has none. */
    public void refresh() {
        String ts = redis.value(String.class).get(RedisSnapshot.timestampKey(key));
        if (ts == null) {
            current.set(null);
            return;
        }
        var parsed = RedisSnapshot.parseTimestamp(ts);
        if (parsed.isEmpty()) {
            if (!Objects.equals(ts, lastUnreadableTimestamp)) {
                lastUnreadableTimestamp = ts;
                LOG.warnf(
                        "%s holds %s, not a timestamp: the snapshot in %s is not used",
                        RedisSnapshot.timestampKey(key), ts, key);
            }
            current.set(null);
            return;
        }
        Instant publishedAt = parsed.get();
        var loaded = current.get();
        if (loaded != null && loaded.publishedAt().equals(publishedAt)) {
            return;
        }
        var fields = redis.hash(String.class).hgetall(key);
        var byKey = new HashMap<String, T>(fields.size() * 2);
        fields.forEach((field, value) -> {
            try {
                byKey.put(field, json.readValue(value, type));
            } catch (Exception e) {
                LOG.debugf("unreadable entry %s of %s: %s", field, key, e.toString());
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
