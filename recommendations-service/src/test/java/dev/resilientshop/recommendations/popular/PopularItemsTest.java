package dev.resilientshop.recommendations.popular;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
        redis.key().del(PopularItems.KEY);
    }

    @Test
    void publishesTheTop24AsTheJsonArrayThePopularEndpointAnswers() throws Exception {
        int published = popular.publish();

        var stored = json.readTree(redis.value(String.class).get(PopularItems.KEY));
        var fromApi = json.readTree(given().queryParam("limit", 24).get("/recommendations/popular").then()
                .statusCode(200).extract().asString()).get("items");
        assertThat(published).isEqualTo(24);
        assertThat(stored.isArray()).isTrue();
        assertThat(stored).isEqualTo(fromApi);
        assertThat(PopularResourceTest.seedTop(24)).containsExactlyElementsOf(stored.findValuesAsText("sku"));
    }

    @Test
    void republishingReplacesTheList() {
        redis.value(String.class).set(PopularItems.KEY, "[]");

        popular.publish();

        assertThat(redis.value(String.class).get(PopularItems.KEY)).startsWith("[{\"sku\":\"" + PopularResourceTest.seedTop(1).get(0));
        assertThat(redis.key().ttl(PopularItems.KEY)).isEqualTo(-1L); // no expiry: a fallback must outlive the service
    }
}
