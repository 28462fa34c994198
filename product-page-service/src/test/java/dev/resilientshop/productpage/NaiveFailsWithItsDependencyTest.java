package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 1: naive mode is the seeds' "before" picture, with no fallback of any kind, and
 * leaving a failed part out of the page is a fallback too. Seed 000: recommendations down took the
 * product page down. So in naive mode a failing dependency fails the whole page (503, problem+json
 * on the API, the HTML error page with Retry-After on /p), while resilient mode serves the same
 * page with the part's fallback. The same holds for the home page (category counts from inventory,
 * popular items from recommendations) and the category and search pages (prices from pricing).
 */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class NaiveFailsWithItsDependencyTest {

    @Inject
    ResilienceMode mode;

    @Inject
    PipelineRegistry pipelines;

    @BeforeEach
    void reset() {
        Stub.reset();
        pipelines
                .snapshots()
                .forEach(s -> pipelines
                        .get(s.dependency())
                        .ifPresent(p -> p.circuitBreaker().reset()));
    }

    @AfterEach
    void resilientAgain() {
        mode.set(ResilienceMode.Mode.RESILIENT);
        Stub.reset();
    }

    @Test
    void naiveRecommendationsDownTakesTheProductPageDown() {
        mode.set(ResilienceMode.Mode.NAIVE);
        var sku = Seeds.plain().sku();
        given().when().get("/api/products/" + sku).then().statusCode(200); // healthy: the page works

        Stub.fail("recommendations", 503);

        given().when()
                .get("/api/products/" + sku)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("recommendations"));
        given().when()
                .get("/p/" + sku)
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body(containsString("recommendations service is not answering"));
    }

    @Test
    void naivePricingDownTakesTheProductPageDownToo() {
        mode.set(ResilienceMode.Mode.NAIVE);
        Stub.fail("pricing", 503);
        given().when()
                .get("/api/products/" + Seeds.plain().sku())
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("pricing"));
    }

    @Test
    void naiveRecommendationsDownTakesTheHomePageDown() {
        mode.set(ResilienceMode.Mode.NAIVE);
        given().when().get("/").then().statusCode(200); // healthy: the page works

        Stub.fail("recommendations", 503); // the home page's "Popular right now"

        given().when()
                .get("/")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType(containsString("text/html"))
                .body(containsString("recommendations service is not answering"));
    }

    @Test
    void naiveInventoryDownTakesTheHomePageDown() {
        mode.set(ResilienceMode.Mode.NAIVE);
        Stub.fail("inventory", 503); // the home page's product count per category

        given().when()
                .get("/")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType(containsString("text/html"))
                .body(containsString("inventory service is not answering"));
    }

    @Test
    void naivePricingDownTakesTheCategoryAndSearchPagesDown() {
        mode.set(ResilienceMode.Mode.NAIVE);
        given().when().get("/c/audio").then().statusCode(200); // healthy: the page works

        Stub.fail("pricing", 503); // the listing's prices

        given().when()
                .get("/c/audio")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType(containsString("text/html"))
                .body(containsString("pricing service is not answering"));
        given().queryParam("q", "speaker")
                .when()
                .get("/search")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body(containsString("pricing service is not answering"));
    }

    @Test
    void resilientHomePageLeavesTheFailedPartsOut() {
        Stub.fail("inventory", 503);
        Stub.fail("recommendations", 503);
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .body(
                        containsString("Product counts are unavailable"),
                        containsString("Popular right now"),
                        not(containsString("is not answering")));
        Stub.reset();
        Stub.fail("pricing", 503);
        given().when().get("/c/audio").then().statusCode(200).body(containsString("Prices are unavailable right now"));
    }

    @Test
    void resilientRecommendationsDownStillServesTheProductPage() {
        Stub.fail("recommendations", 503);
        given().when()
                .get("/api/products/" + Seeds.plain().sku())
                .then()
                .statusCode(200)
                .body("degraded", hasItem("recommendations"));
        given().when().get("/p/" + Seeds.plain().sku()).then().statusCode(200).body(containsString("Popular items"));
    }
}
