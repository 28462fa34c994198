package dev.resilientshop.payment.fraud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * payment-service's switch for the fraud call (issue 17): with the breaker off a failing provider
 * is asked every time, never refused fast; on again, five failures open it; reset closes it.
 */
@QuarkusTest
@QuarkusTestResource(FraudApiStub.class)
class FraudSwitchTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @Inject
    FraudClient client;

    @Inject
    PipelineRegistry pipelines;

    private final Stub fraud = Stub.forClient("fraud");

    @AfterEach
    void allOnAndClosed() {
        fraud.reset();
        ops().body("{\"mode\":\"resilient\"}").put("/ops/resilience").then().statusCode(200);
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
    }

    private static io.restassured.specification.RequestSpecification ops() {
        return given().header("X-Ops-Token", TOKEN).contentType("application/json");
    }

    private int fastRejectionsOfTenFailingScores() {
        fraud.respond("POST", "/scores", 503, "{\"status\":503}");
        var check = new FraudCheck("order-1", 1_000, "EUR", "424242", "4242", "ada@example.com");
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            try {
                client.score(check, Deadline.after(Duration.ofSeconds(3), Clock.system()));
            } catch (FraudUnavailableException e) {
                if (e.getCause() instanceof CallNotPermittedException) {
                    refused++;
                }
            }
        }
        return refused;
    }

    private State breaker() {
        return pipelines.get("fraud").orElseThrow().circuitBreaker().state();
    }

    @Test
    void withTheBreakerOffAFailingProviderIsNeverRefusedFast() {
        ops().body("{\"off\":[\"breaker\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("off", contains("breaker"));
        given().header("X-Ops-Token", TOKEN).get("/ops/state").then().body("off", contains("breaker"));
        int before = fraud.requests("POST", "/scores").size();
        assertThat(fastRejectionsOfTenFailingScores()).isZero();
        assertThat(fraud.requests("POST", "/scores").size() - before).isEqualTo(10);
        assertThat(breaker()).isEqualTo(State.CLOSED);

        ops().body("{\"mode\":\"resilient\"}").put("/ops/resilience").then().statusCode(200);
        assertThat(fastRejectionsOfTenFailingScores())
                .as("the same failures with the breaker on")
                .isEqualTo(5);
        assertThat(breaker()).isEqualTo(State.OPEN);

        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
        assertThat(breaker()).isEqualTo(State.CLOSED);
    }

    @Test
    void withTheTimeoutOffASlowProviderIsWaitedFor() {
        fraud.respondAfter(
                Duration.ofMillis(700), "POST", "/scores", 200, FraudApiStub.APPROVE); // test timeout: 400 ms
        var check = new FraudCheck("order-2", 1_000, "EUR", "424242", "4242", "ada@example.com");
        try {
            client.score(check, Deadline.after(Duration.ofSeconds(3), Clock.system()));
            throw new AssertionError("the 400 ms timeout should have cut a 700 ms answer");
        } catch (FraudUnavailableException expected) {
            // timed out
        }
        ops().body("{\"off\":[\"timeout\"]}").put("/ops/resilience").then().statusCode(200);
        assertThat(client.score(check, Deadline.after(Duration.ofMillis(200), Clock.system()))
                        .decision())
                .isEqualTo("approve");
    }

    @Test
    void anUnknownPatternIsABadRequestAndChangesNothing() {
        ops().body("{\"off\":[\"fallback\"]}").put("/ops/resilience").then().statusCode(200);
        ops().body("{\"off\":[\"breakers\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("breakers"));
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("off", contains("fallback"));
    }
}
