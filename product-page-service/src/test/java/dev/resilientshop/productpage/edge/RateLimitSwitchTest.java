package dev.resilientshop.productpage.edge;

import static io.restassured.RestAssured.given;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limit as one switchable pattern (issue 17): off, the filter passes every request; on
 * again, the empty bucket refuses; {@code POST /ops/resilience/reset} fills every bucket again.
 * Same tiny bucket as {@link RateLimitEdgeTest} (3 tokens, practically no refill).
 */
@QuarkusTest
@TestProfile(RateLimitEdgeTest.TinyBucket.class)
@WithTestResource(DownstreamStubResource.class)
class RateLimitSwitchTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    private static void reset() {
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
    }

    private static void off(String json) {
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body(json)
                .put("/ops/resilience")
                .then()
                .statusCode(200);
    }

    @AfterEach
    void allOn() {
        off("{\"mode\":\"resilient\"}");
        reset();
    }

    @Test
    void offLetsEveryRequestThroughAndResetFillsTheBucket() {
        reset(); // whatever earlier tests took from this client's bucket
        for (int i = 0; i < 3; i++) {
            given().get("/cart").then().statusCode(200);
        }
        given().get("/cart").then().statusCode(429);

        off("{\"off\":[\"rate-limit\"]}");
        for (int i = 0; i < 5; i++) {
            given().get("/cart").then().statusCode(200);
        }

        off("{\"mode\":\"resilient\"}");
        given().get("/cart").then().statusCode(429);
        reset();
        given().get("/cart").then().statusCode(200);
    }
}
