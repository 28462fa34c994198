package dev.resilientshop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.inventory.snapshot.SnapshotPublisher;
import dev.resilientshop.kit.catalog.CatalogSeed;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotPublisherTest {

    @Inject
    SnapshotPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    DataSource dataSource;

    private int stockOf(String sku) throws SQLException {
        try (var c = dataSource.getConnection();
                var q = c.prepareStatement("select available from stock where sku = ?")) {
            q.setString(1, sku);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void setStock(String sku, int available) throws SQLException {
        try (var c = dataSource.getConnection();
                var u = c.prepareStatement("update stock set available = ? where sku = ?")) {
            u.setInt(1, available);
            u.setString(2, sku);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void publishesEveryProductWithItsCurrentStockAndATimestamp() throws Exception {
        redis.key().del(SnapshotPublisher.SNAPSHOT_KEY, SnapshotPublisher.TIMESTAMP_KEY);
        // A stock count no seed produces (the seed's are 0-149), so only a copy of the live row can match.
        int seeded = stockOf("AUD-0001");
        setStock("AUD-0001", 4_321);
        try {
            var before = Instant.now();

            assertThat(publisher.publish()).isEqualTo(600);

            assertThat(redis.hash(String.class).hlen(SnapshotPublisher.SNAPSHOT_KEY))
                    .isEqualTo(600);
            var product = json.readTree(redis.hash(String.class).hget(SnapshotPublisher.SNAPSHOT_KEY, "AUD-0001"));
            assertThat(product.get("sku").asText()).isEqualTo("AUD-0001");
            assertThat(product.get("available").asInt())
                    .as("the stock row at publication time")
                    .isEqualTo(4_321);
            var seed = CatalogSeed.products().get(0);
            assertThat(product.get("name").asText()).isEqualTo(seed.name());
            assertThat(product.get("category").asText()).isEqualTo(seed.category());
            // and a second product, to see the hash is not one product repeated
            var other = CatalogSeed.products().get(599);
            var published = json.readTree(redis.hash(String.class).hget(SnapshotPublisher.SNAPSHOT_KEY, other.sku()));
            assertThat(published.get("name").asText()).isEqualTo(other.name());
            assertThat(published.get("available").asInt()).isEqualTo(stockOf(other.sku()));
            // one timestamp format for every fallback snapshot: an ISO-8601 instant
            var at = Instant.parse(redis.value(String.class).get(SnapshotPublisher.TIMESTAMP_KEY));
            assertThat(at).isBetween(before.minusSeconds(1), Instant.now());
        } finally {
            setStock("AUD-0001", seeded);
        }
    }

    @Test
    void aSkuThatLeftTheCatalogDropsOutOfTheSnapshot() throws Exception {
        redis.hash(String.class).hset(SnapshotPublisher.SNAPSHOT_KEY, "GONE-0001", "{\"sku\":\"GONE-0001\"}");

        publisher.publish();

        assertThat(redis.hash(String.class).hexists(SnapshotPublisher.SNAPSHOT_KEY, "GONE-0001"))
                .as("a SKU no longer in the catalog is still in the snapshot")
                .isFalse();
        assertThat(redis.hash(String.class).hlen(SnapshotPublisher.SNAPSHOT_KEY))
                .isEqualTo(600);
    }
}
