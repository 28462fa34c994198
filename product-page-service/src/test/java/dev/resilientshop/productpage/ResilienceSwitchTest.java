package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.PipelineSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The product page's switch, one pattern at a time (issue 17), with the production breaker rule:
 * breaker off, a failing pricing is called for every page and never refused fast; on again, the
 * same failures open it; reset closes it. Fallback off: no alternative is served.
 */
@QuarkusTest
@TestProfile(BreakersOnProfile.class)
@WithTestResource(DownstreamStubResource.class)
class ResilienceSwitchTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @Inject
    PipelineRegistry pipelines;

    private static void put(String json) {
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body(json)
                .put("/ops/resilience")
                .then()
                .statusCode(200);
    }

    private static void reset() {
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
    }

    @BeforeEach
    void cleanStart() {
        Stub.reset();
        given().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200); // registers every pipeline
        reset();
    }

    @AfterEach
    void allOn() {
        Stub.reset();
        put("{\"mode\":\"resilient\"}");
        reset();
    }

    private PipelineSnapshot pricing() {
        return pipelines.get("pricing").orElseThrow().snapshot();
    }

    private long fastRejectionsOfTenPages() {
        long before = pricing().breakerRejections();
        for (int i = 0; i < 10; i++) {
            given().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        }
        return pricing().breakerRejections() - before;
    }

    @Test
    void withTheBreakerOffAFailingPricingIsNeverRefusedFast() {
        Stub.fail("pricing", 503);
        put("{\"off\":[\"breaker\"]}");
        given().header("X-Ops-Token", TOKEN).get("/ops/state").then().body("off", contains("breaker"));
        int before = Stub.calls("pricing");
        assertThat(fastRejectionsOfTenPages()).isZero();
        assertThat(Stub.calls("pricing") - before)
                .as("every page asked pricing")
                .isGreaterThanOrEqualTo(10);
        assertThat(pricing().breakerState()).isEqualTo(State.CLOSED);

        put("{\"mode\":\"resilient\"}");
        assertThat(fastRejectionsOfTenPages())
                .as("the same failures with the breaker on")
                .isEqualTo(5);
        assertThat(pricing().breakerState()).isEqualTo(State.OPEN);

        reset();
        assertThat(pricing().breakerState()).isEqualTo(State.CLOSED);
    }

    @Test
    void withTheFallbackOffNoAlternativeIsServed() {
        Stub.fail("recommendations", 503); // the chain ends in a built-in list: with the fallback on, it always serves
        put("{\"off\":[\"breaker\"]}");
        long before = recommendations().fallbacks();
        given().get("/p/" + Seeds.plain().sku());
        long withFallback = recommendations().fallbacks() - before;

        put("{\"off\":[\"breaker\",\"fallback\"]}");
        before = recommendations().fallbacks();
        given().get("/p/" + Seeds.plain().sku());
        assertThat(recommendations().fallbacks() - before)
                .as("fallback off: none served")
                .isZero();
        assertThat(withFallback).as("fallback on: an alternative was served").isEqualTo(1);
    }

    private PipelineSnapshot recommendations() {
        return pipelines.get("recommendations").orElseThrow().snapshot();
    }

    @Test
    void anUnknownPatternIsABadRequestAndChangesNothing() {
        put("{\"off\":[\"hedging\"]}");
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"off\":[\"hedge\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("hedge"));
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("off", contains("hedging"));
    }
}
