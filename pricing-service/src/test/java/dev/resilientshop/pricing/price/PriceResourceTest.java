package dev.resilientshop.pricing.price;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.SeedProduct;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PriceResourceTest {

    private static final SeedProduct PROMOTED = CatalogSeed.products().stream()
            .filter(p -> p.promotionPercent() > 0)
            .findFirst()
            .orElseThrow();
    private static final SeedProduct PLAIN = CatalogSeed.products().stream()
            .filter(p -> p.promotionPercent() == 0)
            .findFirst()
            .orElseThrow();

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeTestPromotions() throws SQLException {
        try (var conn = dataSource.getConnection();
                var ps = conn.prepareStatement("DELETE FROM promotions WHERE id LIKE 'test-%'")) {
            ps.executeUpdate();
        }
    }

    @Test
    void promotedSkuCostsItsListPriceLessThePercentRoundedHalfUp() {
        given().get("/prices/{sku}", PROMOTED.sku())
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("X-Served-By", "pricing")
                .body("sku", equalTo(PROMOTED.sku()))
                .body("currency", equalTo("EUR"))
                .body("listCents", equalTo(PROMOTED.listPriceCents()))
                .body("priceCents", equalTo(expectedPrice(PROMOTED.listPriceCents(), PROMOTED.promotionPercent())))
                .body("promotion.percentOff", equalTo(PROMOTED.promotionPercent()))
                .body("promotion.label", equalTo(PROMOTED.promotionPercent() + "% off"));
    }

    @Test
    void skuWithoutPromotionCostsItsListPriceAndHasNullPromotion() {
        var body = given().get("/prices/{sku}", PLAIN.sku())
                .then()
                .statusCode(200)
                .body("listCents", equalTo(PLAIN.listPriceCents()))
                .body("priceCents", equalTo(PLAIN.listPriceCents()))
                .body("promotion", nullValue())
                .extract()
                .asString();
        assertThat(body).contains("\"promotion\":null");
    }

    @Test
    void everySeedPriceFollowsThePromotionArithmetic() {
        var products = CatalogSeed.products();
        for (int from = 0; from < products.size(); from += SkuQuery.MAX_SKUS) {
            var batch = products.subList(from, Math.min(products.size(), from + SkuQuery.MAX_SKUS));
            var items = given().queryParam(
                            "skus", batch.stream().map(SeedProduct::sku).collect(Collectors.joining(",")))
                    .get("/prices")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items", Map.class);
            assertThat(items).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                var seed = batch.get(i);
                assertThat(items.get(i))
                        .containsEntry("sku", seed.sku())
                        .containsEntry("listCents", seed.listPriceCents())
                        .containsEntry("priceCents", expectedPrice(seed.listPriceCents(), seed.promotionPercent()));
            }
        }
    }

    @Test
    void unknownSkuIsNotFoundProblem() {
        given().get("/prices/ZZZ-9999")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("sku", equalTo("ZZZ-9999"))
                .body("instance", equalTo("/prices/ZZZ-9999"));
    }

    @Test
    void malformedSkuIsBadRequestProblem() {
        given().get("/prices/{sku}", "AUD 0001;drop")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("sku must be"));
        given().get("/prices/{sku}", "A".repeat(33)).then().statusCode(400);
    }

    @Test
    void batchAnswersKnownSkusInTheOrderAskedAndLeavesUnknownOnesOut() {
        given().queryParam("skus", PLAIN.sku() + ",ZZZ-9999," + PROMOTED.sku() + "," + PLAIN.sku())
                .get("/prices")
                .then()
                .statusCode(200)
                .body("items.sku", equalTo(List.of(PLAIN.sku(), PROMOTED.sku())))
                .body("items[1].promotion.percentOff", equalTo(PROMOTED.promotionPercent()));
    }

    @Test
    void batchOfOnlyUnknownSkusIsAnEmptyList() {
        given().queryParam("skus", "ZZZ-9998,ZZZ-9999")
                .get("/prices")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void batchToleratesSpacesAroundSkus() {
        given().queryParam("skus", " " + PLAIN.sku() + " , " + PROMOTED.sku())
                .get("/prices")
                .then()
                .statusCode(200)
                .body("items.sku", equalTo(List.of(PLAIN.sku(), PROMOTED.sku())));
    }

    @Test
    void batchWithoutSkusIsBadRequestProblem() {
        given().get("/prices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("skus is required"));
        given().queryParam("skus", "").get("/prices").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("skus", "  ").get("/prices").then().statusCode(400);
    }

    @Test
    void batchWithAMalformedOrEmptyEntryIsBadRequestProblem() {
        given().queryParam("skus", PLAIN.sku() + ",,ZZZ-9999")
                .get("/prices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("malformed SKU"));
        given().queryParam("skus", PLAIN.sku() + ",' OR 1=1 --")
                .get("/prices")
                .then()
                .statusCode(400);
        given().queryParam("skus", PLAIN.sku() + ",").get("/prices").then().statusCode(400);
    }

    @Test
    void batchOfAHundredSkusIsServedAndOfAHundredAndOneIsRejected() {
        var hundred =
                IntStream.rangeClosed(1, 100).mapToObj("AUD-%04d"::formatted).collect(Collectors.joining(","));
        // AUD-0001..AUD-0050 exist, AUD-0051..AUD-0100 do not
        given().queryParam("skus", hundred)
                .get("/prices")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(50));
        given().queryParam("skus", hundred + ",AUD-0101")
                .get("/prices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 100"));
    }

    @Test
    void expiredAndFuturePromotionsAreNotApplied() throws SQLException {
        var now = OffsetDateTime.now();
        insertPromotion("test-expired", PLAIN.sku(), 30, now.minusDays(10), now.minusSeconds(1));
        insertPromotion("test-future", PLAIN.sku(), 40, now.plusDays(1), now.plusDays(10));

        given().get("/prices/{sku}", PLAIN.sku())
                .then()
                .statusCode(200)
                .body("priceCents", equalTo(PLAIN.listPriceCents()))
                .body("promotion", nullValue());
    }

    @Test
    void promotionStartingNowIsActive() throws SQLException {
        var now = OffsetDateTime.now();
        insertPromotion("test-active", PLAIN.sku(), 30, now.minusSeconds(1), now.plus(Duration.ofHours(1)));

        given().get("/prices/{sku}", PLAIN.sku())
                .then()
                .statusCode(200)
                .body("priceCents", equalTo(expectedPrice(PLAIN.listPriceCents(), 30)))
                .body("promotion.label", equalTo("test 30"));
    }

    @Test
    void whenPromotionsOverlapTheLargerDiscountWins() throws SQLException {
        var now = OffsetDateTime.now();
        insertPromotion("test-small", PLAIN.sku(), 10, now.minusDays(1), now.plusDays(1));
        insertPromotion("test-large", PLAIN.sku(), 35, now.minusDays(1), now.plusDays(1));

        given().get("/prices/{sku}", PLAIN.sku())
                .then()
                .statusCode(200)
                .body("promotion.percentOff", equalTo(35))
                .body("priceCents", equalTo(expectedPrice(PLAIN.listPriceCents(), 35)));
        var promotions = JsonPath.from(given().get("/promotions").asString())
                .getList("findAll { it.sku == '" + PLAIN.sku() + "' }.percentOff");
        assertThat(promotions).containsExactly(35);
    }

    private void insertPromotion(String id, String sku, int percent, OffsetDateTime from, OffsetDateTime until)
            throws SQLException {
        try (var conn = dataSource.getConnection();
                var ps = conn.prepareStatement(
                        "INSERT INTO promotions (id, sku, percent_off, label, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, sku);
            ps.setInt(3, percent);
            ps.setString(4, "test " + percent);
            ps.setObject(5, from);
            ps.setObject(6, until);
            ps.executeUpdate();
        }
    }

    /** Independent of {@link Discount}: decimal arithmetic, half up. */
    static int expectedPrice(int listCents, int percentOff) {
        return BigDecimal.valueOf(listCents)
                .multiply(BigDecimal.valueOf(100 - percentOff))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
                .intValueExact();
    }
}
