package dev.resilientshop.recommendations.recommendation;

import static dev.resilientshop.recommendations.recommendation.Fixture.sku;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code recs:{userId}} cache is written after the answer, without waiting for Redis, so
 * these tests wait (up to 5 s, polling) for the key rather than expecting it at once.
 */
@QuarkusTest
class LastAnswersTest {

    private static final String LONGEST_USER_ID = "x".repeat(64);

    @Inject
    DataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void insertFixture() throws SQLException {
        Fixture.insert(dataSource);
        removeOurKeys();
    }

    @AfterEach
    void deleteFixture() throws SQLException {
        Fixture.delete(dataSource);
        removeOurKeys();
    }

    private void removeOurKeys() {
        redis.key()
                .del(
                        LastAnswers.key(Fixture.USER_1),
                        LastAnswers.key(Fixture.USER_2),
                        LastAnswers.key(LONGEST_USER_ID));
    }

    @Test
    void aRequestWithAUserIdLeavesTheAnswerUnderRecsUserIdForAnHour() throws Exception {
        var body = given().queryParam("userId", Fixture.USER_1)
                .queryParam("limit", 4)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .extract()
                .asString();

        var cached = awaitKey(LastAnswers.key(Fixture.USER_1));

        assertThat(json.readTree(cached)).isEqualTo(json.readTree(body));
        assertThat(redis.key().ttl(LastAnswers.key(Fixture.USER_1))).isBetween(3590L, 3600L);
    }

    @Test
    void theCacheHoldsTheUsersLastAnswer() throws Exception {
        given().queryParam("userId", Fixture.USER_2)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200);
        awaitKey(LastAnswers.key(Fixture.USER_2));

        given().queryParam("userId", Fixture.USER_2)
                .get("/recommendations/{sku}", sku(3))
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                json.readTree(redis.value(String.class).get(LastAnswers.key(Fixture.USER_2)))
                                        .get("sku")
                                        .asText())
                        .isEqualTo(sku(3)));
    }

    @Test
    void theLongestValidUserIdIsServedAndCached() {
        given().queryParam("userId", LONGEST_USER_ID)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200);

        awaitKey(LastAnswers.key(LONGEST_USER_ID));
    }

    @Test
    void aUserCalledPopularCannotOverwriteThePopularList() {
        redis.value(String.class).set("recs:popular", "[\"sentinel\"]");
        try {
            given().queryParam("userId", "popular")
                    .get("/recommendations/{sku}", sku(1))
                    .then()
                    .statusCode(200);
            // a later write on the same path has landed, so an earlier one would have too
            given().queryParam("userId", Fixture.USER_1)
                    .get("/recommendations/{sku}", sku(1))
                    .then()
                    .statusCode(200);
            awaitKey(LastAnswers.key(Fixture.USER_1));

            assertThat(redis.value(String.class).get("recs:popular")).isEqualTo("[\"sentinel\"]");
        } finally {
            redis.key().del("recs:popular");
        }
    }

    private String awaitKey(String key) {
        return await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> redis.value(String.class).get(key), v -> v != null);
    }
}
