package dev.resilientshop.pricing.lastknown;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.catalog.CatalogSeed;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule is off in %test; the publisher is driven directly, against Redis database 1. */
@QuarkusTest
class LastKnownPricesTest {

    @Inject
    LastKnownPrices lastKnown;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @BeforeEach
    @AfterEach
    void removeOurKeys() {
        redis.key().del(LastKnownPrices.KEY, LastKnownPrices.TIMESTAMP_KEY);
    }

    @Test
    void publishesEveryPriceAsTheJsonThePriceEndpointAnswers() throws Exception {
        int published = lastKnown.publish();

        var hash = redis.hash(String.class).hgetall(LastKnownPrices.KEY);
        assertThat(published).isEqualTo(CatalogSeed.products().size());
        assertThat(hash).hasSize(published);
        for (var sku : new String[] {"AUD-0001", "CAM-0002", "BEA-0050"}) {
            var fromApi = given().get("/prices/{sku}", sku)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(json.readTree(hash.get(sku))).isEqualTo(json.readTree(fromApi));
        }
    }

    @Test
    void recordsWhenThePricesWerePublished() {
        var before = Instant.now();

        lastKnown.publish();

        var at = Instant.parse(redis.value(String.class).get(LastKnownPrices.TIMESTAMP_KEY));
        assertThat(at).isBetween(before.minus(Duration.ofSeconds(1)), Instant.now());
    }

    @Test
    void republishingReplacesTheWholeHashSoStaleSkusDropOut() {
        redis.hash(String.class).hset(LastKnownPrices.KEY, "GONE-0001", "{\"sku\":\"GONE-0001\"}");

        lastKnown.publish();

        var hash = redis.hash(String.class);
        assertThat(hash.hexists(LastKnownPrices.KEY, "GONE-0001")).isFalse();
        assertThat(hash.hlen(LastKnownPrices.KEY))
                .isEqualTo(CatalogSeed.products().size());
    }
}
