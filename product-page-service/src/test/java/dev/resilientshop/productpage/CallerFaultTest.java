package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.PipelineSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 17: a 4xx other than 408/429 is the caller's fault. Confirmed live before the
 * fix: five {@code /api/products?q=<101 characters>} → inventory answered 400 five times → the
 * inventory breaker opened → {@code /c/audio} answered 503 to everyone. With the production
 * breaker rule (5 consecutive failures), such answers must be no breaker failure, no
 * adaptive-limit drop, and no fallback.
 */
@QuarkusTest
@TestProfile(BreakersOnProfile.class)
@WithTestResource(DownstreamStubResource.class)
class CallerFaultTest {

    @Inject
    PipelineRegistry pipelines;

    @BeforeEach
    void resetStub() {
        Stub.reset();
        // every client registers its pipeline when first used
        given().when().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        Stub.reset(); // count from here
    }

    private PipelineSnapshot snapshot(String dependency) {
        return pipelines.get(dependency).orElseThrow().snapshot();
    }

    @Test
    void fiveOverlongSearchesAreRefusedAtTheEdgeAndLeaveTheInventoryBreakerClosed() {
        var q = "x".repeat(101);
        for (int i = 0; i < 5; i++) {
            given().queryParam("q", q)
                    .when()
                    .get("/api/products")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(Stub.calls("inventory"))
                .as("validated at the edge: no call made")
                .isZero();
        assertThat(snapshot("inventory").breakerState()).isEqualTo(State.CLOSED);
        given().when().get("/c/audio").then().statusCode(200);
        var html = given().when()
                .get("/p/" + Seeds.plain().sku())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).doesNotContain("Stock counts may lag");
    }

    @Test
    void aFourHundredFromInventoryIsSurfacedAsTheCallersFaultNotCountedAsAnOutage() {
        var before = snapshot("inventory");
        Stub.fail("inventory", 400);
        for (int i = 0; i < 5; i++) { // 5 consecutive failures would open the breaker
            given().queryParam("category", "audio")
                    .when()
                    .get("/api/products")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        Stub.reset();

        var after = snapshot("inventory");
        assertThat(after.breakerState()).isEqualTo(State.CLOSED);
        assertThat(after.errors() - before.errors())
                .as("no error for the breaker or the adaptive limit")
                .isZero();
        assertThat(after.fallbacks() - before.fallbacks()).as("no fallback").isZero();
        given().when().get("/c/audio").then().statusCode(200);
    }

    @Test
    void aFourHundredFromPricingServesNoLastKnownPriceAndLeavesItsBreakerClosed() {
        var before = snapshot("pricing");
        Stub.fail("pricing", 400);
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        }
        Stub.reset();

        var after = snapshot("pricing");
        assertThat(after.breakerState()).isEqualTo(State.CLOSED);
        assertThat(after.errors() - before.errors()).isZero();
        assertThat(after.fallbacks() - before.fallbacks())
                .as("no last-known price for a refused request")
                .isZero();
    }

    @Test
    void aFourHundredFromRecommendationsLeavesItsBreakerClosed() {
        var before = snapshot("recommendations");
        Stub.fail("recommendations", 400);
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        }
        Stub.reset();

        var after = snapshot("recommendations");
        assertThat(after.breakerState()).isEqualTo(State.CLOSED);
        assertThat(after.errors() - before.errors()).isZero();
    }
}
