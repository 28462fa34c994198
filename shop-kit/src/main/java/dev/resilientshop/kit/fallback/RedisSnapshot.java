package dev.resilientshop.kit.fallback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One fallback snapshot in Redis, written by the service that owns the data while it is healthy
 * and read by the product page ({@link RedisSnapshotMirror}) when that service cannot answer:
 * inventory's stock snapshot, pricing's last known prices, recommendations' popular items. Each is
 * two keys:
 * <ul>
 * <li>{@code key}: a hash, field = SKU, value = the JSON of one item;</li>
 * <li>{@code key:ts} ({@link #timestampKey}): the instant of that publication, so a reader can say
 * how old the data is and re-read the hash only when it moved.</li>
 * </ul>
 *
 * <p>{@link #publish} replaces both in one MULTI/EXEC: DEL the hash, HSET every field, SET the
 * timestamp. A reader therefore sees the old snapshot or the new one, never half of each and never
 * a hash with another publication's timestamp; an item that left the source drops out; and two
 * publishers of one key (both inventory replicas) cannot interleave, each EXEC is one step. (The
 * classic alternative, building a staging key and RENAMEing it over the live one, needs a staging
 * name per publication and a TTL against crashed publishers to be safe with two writers, and still
 * writes the timestamp in a second step.) An empty map is refused and leaves Redis alone: an
 * empty source (a table not loaded yet, a failed migration) never replaces a good snapshot.
 * No TTL: a fallback must outlive its publisher, and a reader judges its age by the timestamp.
 *
 * <p>The timestamp is an ISO-8601 instant ({@link Instant#toString()}, e.g.
 * {@code 2026-12-01T13:45:07.123Z}) rather than epoch milliseconds: whoever looks at it during an
 * incident ({@code redis-cli GET inventory:snapshot:ts}) reads the time, in UTC, without a
 * conversion, and it is the form the services' JSON uses for instants. Until this release
 * inventory wrote epoch milliseconds; {@link #parseTimestamp} still reads those, for one release,
 * so a reader upgraded before inventory keeps its fallback. Thread-safe.
 */
public final class RedisSnapshot {

    public static final String TIMESTAMP_SUFFIX = ":ts";

    private static final Logger LOG = Logger.getLogger(RedisSnapshot.class);

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final String key;

    public RedisSnapshot(RedisDataSource redis, ObjectMapper json, String key) {
        this.redis = redis;
        this.json = json;
        this.key = key;
    }

    /** The key of the timestamp that goes with the snapshot under {@code key}. */
    public static String timestampKey(String key) {
        return key + TIMESTAMP_SUFFIX;
    }

    /** How a publication's instant is written to {@link #timestampKey}. */
    public static String formatTimestamp(Instant at) {
        return at.toString();
    }

    /**
     * The instant a publisher wrote to {@link #timestampKey}, or empty when it is not a timestamp
     * (then nobody can say how old the snapshot is, and a reader must not use it). Reads the
     * ISO-8601 instant this class writes and, for one release, the epoch milliseconds inventory
     * wrote before it (digits only); remove that branch in the release after.
     */
    public static Optional<Instant> parseTimestamp(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(v))); // the old inventory format
            }
            return Optional.of(Instant.parse(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces the snapshot with {@code values} (each serialised to JSON), published at {@code at}.
     *
     * @return how many items were published; 0 when {@code values} was empty and Redis was left alone
     * @throws IllegalStateException when a value cannot be serialised, or Redis refused the update
     *         (a Redis outage throws the client's exception); the old snapshot then stays
     */
    /** One publication: reads its source and calls {@link #publish}; may fail in any way. */
    @FunctionalInterface
    public interface Publication {
        int run() throws Exception;
    }

    /**
     * Runs a scheduled or start-up publication without letting it fail its caller: a snapshot is a
     * fallback, never on the request path, so Redis or the source being down is logged and the
     * next run retries. Every publisher of the shop goes through here (stock snapshot, last known
     * prices, popular items).
     *
     * @return how many items were published, -1 when the publication failed
     */
    public int publishQuietly(Publication publication) {
        try {
            int n = publication.run();
            LOG.debugf("Published %d items to %s", n, key);
            return n;
        } catch (Exception e) {
            LOG.warnf("Could not publish %s to Redis (%s); the next run retries", key, e.toString());
            return -1;
        }
    }

    public int publish(Map<String, ?> values, Instant at) {
        if (values.isEmpty()) {
            LOG.warnf("Nothing to publish to %s; the snapshot there (if any) stays", key);
            return 0;
        }
        var fields = new LinkedHashMap<String, String>(values.size() * 2);
        values.forEach((field, value) -> fields.put(field, toJson(field, value)));
        var result = redis.withTransaction(tx -> {
            tx.key().del(key);
            tx.hash(String.class).hset(key, fields);
            tx.value(String.class).set(timestampKey(key), formatTimestamp(at));
        });
        if (result.discarded() || result.hasErrors()) {
            throw new IllegalStateException("Redis did not apply the publication of " + key);
        }
        return fields.size();
    }

    private String toJson(String field, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(key + " " + field + " is not serialisable", e);
        }
    }
}
