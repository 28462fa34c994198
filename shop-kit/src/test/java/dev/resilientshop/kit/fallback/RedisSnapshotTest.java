package dev.resilientshop.kit.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher and the reader of the fallback snapshots, against Redis database 1, under the test's own key. */
@QuarkusTest
class RedisSnapshotTest {

    static final String KEY = "kit-test:snapshot";
    static final String TS = KEY + ":ts";

    public record Item(String sku, int count) {}

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    RedisSnapshot snapshot;
    RedisSnapshotMirror<Item> mirror;

    @BeforeEach
    @AfterEach
    void removeOurKeys() {
        redis.key().del(KEY, TS);
        snapshot = new RedisSnapshot(redis, json, KEY);
        mirror = new RedisSnapshotMirror<>(redis, json, KEY, Item.class);
    }

    private static Map<String, Item> items(String... skus) {
        var items = new LinkedHashMap<String, Item>();
        for (int i = 0; i < skus.length; i++) {
            items.put(skus[i], new Item(skus[i], i));
        }
        return items;
    }

    @Test
    void publishesAHashOfJsonAndTheInstantAsIso8601() throws Exception {
        var at = Instant.parse("2026-12-01T13:45:07.123Z");

        assertThat(snapshot.publish(items("A-1", "B-2"), at)).isEqualTo(2);

        assertThat(json.readValue(redis.hash(String.class).hget(KEY, "B-2"), Item.class))
                .isEqualTo(new Item("B-2", 1));
        assertThat(redis.hash(String.class).hlen(KEY)).isEqualTo(2);
        assertThat(redis.value(String.class).get(TS)).isEqualTo("2026-12-01T13:45:07.123Z");
        assertThat(redis.key().ttl(KEY))
                .as("no expiry: a fallback must outlive its publisher")
                .isEqualTo(-1L);
    }

    @Test
    void anItemThatLeftTheSourceDropsOut() {
        snapshot.publish(items("A-1", "B-2"), Instant.now());

        snapshot.publish(items("A-1"), Instant.now());

        assertThat(redis.hash(String.class).hkeys(KEY)).containsExactly("A-1");
    }

    @Test
    void anEmptySourceNeverReplacesAGoodSnapshot() {
        var at = Instant.parse("2026-12-01T13:00:00Z");
        snapshot.publish(items("A-1", "B-2"), at);

        assertThat(snapshot.publish(Map.of(), Instant.now())).isZero();

        assertThat(redis.hash(String.class).hlen(KEY)).isEqualTo(2);
        assertThat(redis.value(String.class).get(TS)).isEqualTo(at.toString());
    }

    @Test
    void theMirrorReadsWhatWasPublishedWithItsTime() {
        var at = Instant.now().minusSeconds(90);
        snapshot.publish(items("A-1", "B-2"), at);

        mirror.refresh();

        var loaded = mirror.current().orElseThrow();
        assertThat(loaded.byKey()).containsEntry("B-2", new Item("B-2", 1)).hasSize(2);
        assertThat(loaded.publishedAt()).isEqualTo(at);
        assertThat(loaded.ageSeconds()).isBetween(90L, 95L);
    }

    @Test
    void theMirrorReReadsTheHashOnlyWhenTheTimestampMoved() {
        var at = Instant.now();
        snapshot.publish(items("A-1"), at);
        mirror.refresh();
        redis.hash(String.class).hset(KEY, "B-2", "{\"sku\":\"B-2\",\"count\":7}"); // no new timestamp

        mirror.refresh();
        assertThat(mirror.current().orElseThrow().byKey()).containsOnlyKeys("A-1");

        snapshot.publish(items("A-1", "B-2"), at.plusMillis(1));
        mirror.refresh();
        assertThat(mirror.current().orElseThrow().byKey()).containsOnlyKeys("A-1", "B-2");
    }

    @Test
    void rollingUpgradeTheEpochMillisecondsInventoryWroteBeforeAreStillRead() {
        redis.hash(String.class).hset(KEY, "A-1", "{\"sku\":\"A-1\",\"count\":3}");
        redis.value(Long.class).set(TS, 1_796_132_346_688L);

        mirror.refresh();

        assertThat(mirror.current().orElseThrow().publishedAt()).isEqualTo(Instant.ofEpochMilli(1_796_132_346_688L));
    }

    @Test
    void anUnparsableTimestampMeansNoUsableSnapshotAndDoesNotThrow() {
        snapshot.publish(items("A-1"), Instant.now());
        mirror.refresh();
        assertThat(mirror.current()).isPresent();
        redis.value(String.class).set(TS, "yesterday at noon");

        mirror.refresh();

        assertThat(mirror.current()).as("nobody can say how old it is").isEmpty();
    }

    @Test
    void noTimestampMeansNoSnapshot() {
        snapshot.publish(items("A-1"), Instant.now());
        mirror.refresh();
        redis.key().del(TS);

        mirror.refresh();

        assertThat(mirror.current()).isEmpty();
    }

    @Test
    void parsesBothFormatsAndNothingElse() {
        assertThat(RedisSnapshot.parseTimestamp("2026-12-01T13:45:07Z"))
                .contains(Instant.parse("2026-12-01T13:45:07Z"));
        assertThat(RedisSnapshot.parseTimestamp("1796132346688")).contains(Instant.ofEpochMilli(1_796_132_346_688L));
        assertThat(RedisSnapshot.parseTimestamp("2026-12-01")).isEmpty();
        assertThat(RedisSnapshot.parseTimestamp("99999999999999999999999")).isEmpty();
        assertThat(RedisSnapshot.parseTimestamp("-5")).isEmpty();
        assertThat(RedisSnapshot.parseTimestamp("")).isEmpty();
        assertThat(RedisSnapshot.parseTimestamp(null)).isEmpty();
    }

    /**
     * The three publishers (stock snapshot, last known prices, popular items) run on a schedule and
     * at start-up; a failed publication (Redis down, the database not answering) must neither stop
     * the schedule nor the start-up: it is logged and the next run retries. One way for all three.
     */
    @Test
    void aFailedScheduledPublicationIsLoggedAndReportedNotThrown() {
        snapshot.publish(items("A-1"), Instant.parse("2026-12-01T10:00:00Z"));

        int failed = snapshot.publishQuietly(() -> {
            throw new java.sql.SQLException("database not answering");
        });
        int published = snapshot.publishQuietly(() -> snapshot.publish(items("A-1", "B-2"), Instant.now()));

        assertThat(failed).as("a failed publication").isEqualTo(-1);
        assertThat(published).as("items published").isEqualTo(2);
        assertThat(redis.hash(String.class).hlen(KEY)).isEqualTo(2);
    }
}
