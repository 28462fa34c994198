package dev.resilientshop.order.outbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.order.checkout.DownstreamStub;
import dev.resilientshop.order.pricing.PricingApi;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * order-service's switch, one pattern at a time (issue 17): with the breaker off a failing
 * dependency is called every time and never answered with a fast rejection; on again, the same
 * failures open it; reset closes it; an unknown pattern changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class ResilienceSwitchTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @Inject
    Outbound outbound;

    @Inject
    PricingApi api;

    private final Stub pricing = Stub.forClient("pricing");

    @AfterEach
    void allOnAndClosed() {
        pricing.reset();
        ops().body("{\"mode\":\"resilient\"}").put("/ops/resilience").then().statusCode(200);
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
    }

    private void prices() {
        outbound.call(
                "pricing",
                Deadline.after(Duration.ofSeconds(3), Clock.system()),
                budget -> api.prices("AUD-0001", budget));
    }

    private static io.restassured.specification.RequestSpecification ops() {
        return given().header("X-Ops-Token", TOKEN).contentType("application/json");
    }

    /** Ten calls to pricing while it answers 503; how many were refused by the breaker without a request. */
    private int fastRejectionsOfTenFailingCalls() {
        pricing.respond("GET", "/prices", 503, "{\"status\":503}");
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            try {
                prices();
            } catch (CallNotPermittedException e) {
                refused++;
            } catch (DownstreamException e) {
                assertThat(e.getMessage()).isNotEmpty(); // pricing's own 503, after the request was sent
            }
        }
        return refused;
    }

    @Test
    void withTheBreakerOffAFailingDependencyIsNeverRejectedFast() {
        ops().body("{\"off\":[\"breaker\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("off", contains("breaker"));
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("off", contains("breaker"));
        int before = pricing.requests("GET", "/prices").size();
        assertThat(fastRejectionsOfTenFailingCalls()).isZero();
        assertThat(pricing.requests("GET", "/prices").size() - before)
                .as("every call reached pricing")
                .isGreaterThanOrEqualTo(10);
        assertThat(outbound.pipeline("pricing").circuitBreaker().state()).isEqualTo(State.CLOSED);
        assertThat(outbound.breakerOpen("pricing")).isFalse();

        ops().body("{\"mode\":\"resilient\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("off", empty());
        assertThat(fastRejectionsOfTenFailingCalls())
                .as("the same failures with the breaker on")
                .isEqualTo(5);
        assertThat(outbound.pipeline("pricing").circuitBreaker().state()).isEqualTo(State.OPEN);

        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
        assertThat(outbound.pipeline("pricing").circuitBreaker().state()).isEqualTo(State.CLOSED);
    }

    @Test
    void withRetryOffOneAttemptPerCall() {
        pricing.respond("GET", "/prices", 503, "{\"status\":503}");
        ops().body("{\"off\":[\"retry\",\"breaker\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(200);
        int before = pricing.requests("GET", "/prices").size();
        for (int i = 0; i < 3; i++) {
            try {
                prices();
            } catch (DownstreamException expected) {
                // one attempt, pricing's 503
            }
        }
        assertThat(pricing.requests("GET", "/prices").size() - before).isEqualTo(3);
    }

    @Test
    void anUnknownPatternIsABadRequestAndChangesNothing() {
        ops().body("{\"off\":[\"hedging\"]}").put("/ops/resilience").then().statusCode(200);
        ops().body("{\"off\":[\"retry\",\"retries\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("retries"));
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("off", contains("hedging"));
    }
}
