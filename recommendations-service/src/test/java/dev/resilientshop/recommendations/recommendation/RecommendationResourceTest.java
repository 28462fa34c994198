package dev.resilientshop.recommendations.recommendation;

import static dev.resilientshop.recommendations.recommendation.Fixture.sku;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecommendationResourceTest {

    @Inject
    DataSource dataSource;

    @Inject
    PurchaseRepository purchases;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void insertFixture() throws SQLException {
        Fixture.insert(dataSource);
    }

    @AfterEach
    void deleteFixture() throws SQLException {
        Fixture.delete(dataSource);
        redis.key().del("recs:" + Fixture.USER_1, "recs:" + Fixture.USER_2, "recs:u001", "recs:nobody-here");
    }

    @Test
    void anonymousAnswerRanksCoPurchasesThenFillsFromTheCategorysPopularItems() {
        given().queryParam("limit", 4)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("X-Served-By", "recommendations")
                .body("sku", equalTo(sku(1)))
                .body("userId", nullValue())
                .body("source", equalTo("co-purchase"))
                .body("personalised", equalTo(false))
                // bought with 0001: 0002 ×10, 0003 ×5; then the category's most popular: 0006 (9), 0007 (8)
                .body("items.sku", equalTo(List.of(sku(2), sku(3), sku(6), sku(7))))
                .body("items.score", equalTo(List.of(10.0f, 5.0f, 0.0f, 0.0f)))
                .body("items[0].name", equalTo("Test item " + sku(2)))
                .body("items[0].category", equalTo(Fixture.CATEGORY));
    }

    @Test
    void aKnownUsersHistoryIsBlendedInAtHalfWeight() {
        given().queryParam("userId", Fixture.USER_1)
                .queryParam("limit", 4)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("userId", equalTo(Fixture.USER_1))
                .body("personalised", equalTo(true))
                // user 1 bought 0004: 0005 = 30 × 0.5 = 15; 0002 = 10 + 4 × 0.5 = 12; 0003 = 5; then 0006 fills
                .body("items.sku", equalTo(List.of(sku(5), sku(2), sku(3), sku(6))))
                .body("items.score", equalTo(List.of(15.0f, 12.0f, 5.0f, 0.0f)));
    }

    @Test
    void whatTheUserAlreadyBoughtIsNeverRecommended() {
        given().queryParam("userId", Fixture.USER_2)
                .queryParam("limit", 4)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("personalised", equalTo(true))
                // user 2 bought 0002 (the top co-purchase): gone; 0003 = 5; 0004 = 4 × 0.5 = 2 (bought with 0002); fill
                // 0006, 0007
                .body("items.sku", equalTo(List.of(sku(3), sku(4), sku(6), sku(7))));
    }

    @Test
    void theProductItselfIsNeverRecommendedEvenWhenItsCoPurchasesRunOut() {
        var skus = given().queryParam("limit", 20)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.sku", String.class);

        // 2 co-purchases + the 4 other fixture items + 14 of the shop's popular items = 20
        assertThat(skus).hasSize(20).doesNotHaveDuplicates().doesNotContain(sku(1));
        assertThat(skus.subList(0, 6)).containsExactly(sku(2), sku(3), sku(6), sku(7), sku(4), sku(5));
        assertThat(skus.subList(6, 20)).noneMatch(s -> s.startsWith("TST-"));
    }

    @Test
    void anUnknownUserGetsTheAnonymousAnswer() {
        var anonymous = given().get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.sku");

        given().queryParam("userId", "nobody-here")
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("userId", equalTo("nobody-here"))
                .body("personalised", equalTo(false))
                .body("items.sku", equalTo(anonymous));
    }

    @Test
    void personalisationChangesTheSeedAnswerForADemoUserAndLeavesOutTheirPurchases() {
        var bought = purchases.boughtBy("u001");
        assertThat(bought).isNotEmpty();
        var product = "AUD-0001";

        var anonymous = given().get("/recommendations/{sku}", product)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.sku", String.class);
        var forUser = given().queryParam("userId", "u001")
                .get("/recommendations/{sku}", product)
                .then()
                .statusCode(200)
                .body("personalised", equalTo(true))
                .extract()
                .jsonPath()
                .getList("items.sku", String.class);

        assertThat(anonymous).hasSize(6).doesNotContain(product);
        assertThat(forUser).hasSize(6).doesNotContain(product).doesNotContainAnyElementsOf(bought);
        assertThat(forUser).isNotEqualTo(anonymous);
    }

    @Test
    void everySeedProductGetsAFullListByDefault() {
        for (var product : List.of("AUD-0001", "BOK-0050", "GAR-0025", "TOY-0007")) {
            var skus = given().get("/recommendations/{sku}", product)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.sku", String.class);
            assertThat(new HashSet<>(skus)).hasSize(6).doesNotContain(product);
        }
    }

    @Test
    void emptyParametersCountAsAbsent() {
        // Quarkus REST hands an empty query value (?limit=&userId=) to the resource as null
        given().queryParam("limit", "")
                .queryParam("userId", "")
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("userId", nullValue())
                .body("items.size()", equalTo(6));
    }

    @Test
    void unknownSkuIsNotFoundProblem() {
        given().queryParam("userId", "u001")
                .get("/recommendations/ZZZ-0001")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("sku", equalTo("ZZZ-0001"));
    }

    @Test
    void malformedSkuIsBadRequestProblem() {
        given().get("/recommendations/{sku}", "AUD 0001'")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("sku must be"));
    }

    @Test
    void limitOutsideOneToTwentyIsBadRequestProblem() {
        for (var limit : List.of("0", "21", "-1", "abc", " ", "6.5", "99999999999")) {
            given().queryParam("limit", limit)
                    .get("/recommendations/{sku}", sku(1))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit must be an integer in [1, 20]"));
        }
        given().queryParam("limit", 1)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
        given().queryParam("limit", 20)
                .get("/recommendations/{sku}", sku(1))
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(20));
    }

    @Test
    void malformedUserIdIsBadRequestProblem() {
        for (var userId : List.of(" ", "u 001", "u001;DEL", "ü001", "x".repeat(65))) {
            given().queryParam("userId", userId)
                    .get("/recommendations/{sku}", sku(1))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("userId must match"));
        }
    }
}
