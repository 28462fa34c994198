package dev.resilientshop.recommendations.popular;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule is off in %test; the publisher is driven directly, against Redis database 1. */
@QuarkusTest
class PopularItemsTest {

    @Inject
    PopularItems popular;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @BeforeEach
    @AfterEach
    void removeOurKey() {
        redis.key().del(PopularItems.KEY, PopularItems.KEY + ":ts");
    }

    @Test
    void publishesTheTop24AsTheRecommendationsThePopularEndpointAnswers() throws Exception {
        int published = popular.publish();

        var stored = redis.hash(String.class).hgetall(PopularItems.KEY);
        var fromApi = json.readTree(given().queryParam("limit", 24)
                        .get("/recommendations/popular")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("items");
        assertThat(published).isEqualTo(24);
        assertThat(stored).hasSize(24);
        var bestFirst = new ArrayList<JsonNode>();
        for (var value : stored.values()) {
            bestFirst.add(json.readTree(value));
        }
        // a reader orders the hash by score, best first, then by SKU: the endpoint's order
        bestFirst.sort(Comparator.<JsonNode>comparingDouble(n -> -n.get("score").asDouble())
                .thenComparing(n -> n.get("sku").asText()));
        assertThat(bestFirst).containsExactlyElementsOf(fromApi);
        assertThat(PopularResourceTest.seedTop(24))
                .containsExactlyElementsOf(
                        bestFirst.stream().map(n -> n.get("sku").asText()).toList());
    }

    @Test
    void republishingReplacesTheListEvenTheArrayAnOlderReleaseWrote() {
        redis.value(String.class).set(PopularItems.KEY, "[]"); // the JSON array of the release before

        popular.publish();

        assertThat(redis.hash(String.class).hkeys(PopularItems.KEY))
                .hasSize(24)
                .contains(PopularResourceTest.seedTop(1).get(0));
        assertThat(redis.key().ttl(PopularItems.KEY)).isEqualTo(-1L); // no expiry: a fallback must outlive the service
    }

    @Test
    void anItemThatLeftTheTopDropsOut() {
        redis.hash(String.class).hset(PopularItems.KEY, "GONE-0001", "{\"sku\":\"GONE-0001\",\"score\":1e9}");

        popular.publish();

        assertThat(redis.hash(String.class).hexists(PopularItems.KEY, "GONE-0001"))
                .isFalse();
    }

    @Test
    void recordsWhenThePopularItemsWerePublishedSoThePageCanTellTheirAge() {
        var before = Instant.now();

        popular.publish();

        var ts = redis.value(String.class).get(PopularItems.KEY + ":ts");
        assertThat(ts)
                .as("the time of the publication in " + PopularItems.KEY + ":ts")
                .isNotNull();
        assertThat(Instant.parse(ts)).isBetween(before.minusSeconds(1), Instant.now());
    }
}
