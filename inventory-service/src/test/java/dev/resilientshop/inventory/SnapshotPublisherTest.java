package dev.resilientshop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.inventory.snapshot.SnapshotPublisher;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotPublisherTest {

    @Inject
    SnapshotPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Test
    void publishesEveryProductWithItsStockAndATimestamp() throws Exception {
        redis.key().del(SnapshotPublisher.SNAPSHOT_KEY, SnapshotPublisher.TIMESTAMP_KEY);
        long before = System.currentTimeMillis();

        assertThat(publisher.publish()).isEqualTo(600);

        assertThat(redis.hash(String.class).hlen(SnapshotPublisher.SNAPSHOT_KEY)).isEqualTo(600);
        var product = json.readTree(redis.hash(String.class).hget(SnapshotPublisher.SNAPSHOT_KEY, "AUD-0001"));
        assertThat(product.get("sku").asText()).isEqualTo("AUD-0001");
        assertThat(product.has("available")).isTrue();
        assertThat(product.get("name").asText()).isNotBlank();
        assertThat(redis.value(Long.class).get(SnapshotPublisher.TIMESTAMP_KEY)).isGreaterThanOrEqualTo(before);
    }
}
