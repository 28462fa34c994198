package dev.resilientshop.kit.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpsStateTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @Inject
    PipelineRegistry pipelines;

    @Inject
    ResilienceMode mode;

    @AfterEach
    void resilientAgain() {
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"resilient\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200);
    }

    @Test
    void stateFeedListsEveryPipelineWithItsLiveState() {
        var pipeline = pipelines.computeIfAbsent(
                "widgets",
                d -> ResiliencePipeline.builder(d)
                        .service("kit-test")
                        .bulkhead(7)
                        .timeout(Duration.ofSeconds(1))
                        .build());
        pipeline.call(
                dev.resilientshop.resilience.deadline.Deadline.none(dev.resilientshop.resilience.core.Clock.system()),
                child -> "ok");

        given().header("X-Ops-Token", TOKEN)
                .get("/ops/state")
                .then()
                .statusCode(200)
                .body("service", equalTo("kit-test"))
                .body("mode", equalTo("resilient"))
                .body("dependencies.dependency", hasItem("widgets"))
                .body("dependencies.find { it.dependency == 'widgets' }.limit", equalTo(7))
                .body("dependencies.find { it.dependency == 'widgets' }.breakerState", equalTo("CLOSED"))
                .body("dependencies.find { it.dependency == 'widgets' }.calls", equalTo(1));
        // and the seed's metric names are exported for it
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("bulkhead_max_concurrent{dependency=\"widgets\",service=\"kit-test\"} 7.0"));
    }

    @Test
    void aSpentBudgetShowsOnTheStateFeedAndInMetricsWithoutOpeningTheBreaker() {
        var pipeline = pipelines.computeIfAbsent(
                "gadgets",
                d -> ResiliencePipeline.builder(d)
                        .service("kit-test")
                        .reserve(Duration.ofMillis(100))
                        .build());
        var clock = dev.resilientshop.resilience.core.Clock.system();
        for (int i = 0; i < 5; i++) {
            try {
                // 50 ms left, less than the 100 ms reserve: the request is never sent
                pipeline.call(
                        dev.resilientshop.resilience.deadline.Deadline.after(Duration.ofMillis(50), clock),
                        child -> "sent");
            } catch (RuntimeException expected) {
                // budget exhausted before the attempt
            }
        }
        given().header("X-Ops-Token", TOKEN)
                .get("/ops/state")
                .then()
                .statusCode(200)
                .body("dependencies.find { it.dependency == 'gadgets' }.deadlineExhausted", equalTo(5))
                .body("dependencies.find { it.dependency == 'gadgets' }.errors", equalTo(0))
                .body("dependencies.find { it.dependency == 'gadgets' }.breakerState", equalTo("CLOSED"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("deadline_exhausted_total{dependency=\"gadgets\",service=\"kit-test\"} 5.0"));
    }

    @Inject
    SharedPool sharedPool;

    @Test
    void stateFeedAndMetricsShowTheNaiveSharedPoolFilling() throws Exception {
        var slow = new java.util.concurrent.CompletableFuture<String>();
        var held = sharedPool.call("widgets", () -> slow);
        try {
            long end = System.nanoTime() + 5_000_000_000L;
            while (sharedPool.snapshot().inUse() == 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            given().header("X-Ops-Token", TOKEN)
                    .get("/ops/state")
                    .then()
                    .statusCode(200)
                    .body("sharedPool.size", equalTo(20))
                    .body("sharedPool.inUse", equalTo(1))
                    .body("sharedPool.inUseBy.widgets", equalTo(1));
            given().get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(containsString("shared_pool_connections_in_use{service=\"kit-test\"} 1.0"))
                    .body(containsString("shared_pool_connections_max{service=\"kit-test\"} 20.0"));
        } finally {
            slow.complete("done");
            held.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void stateFeedNeedsTheToken() {
        given().get("/ops/state").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"mode\":\"naive\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(401);
    }

    @Test
    void theModeSwitchFlipsAndRejectsNonsense() {
        var ops = given().header("X-Ops-Token", TOKEN).contentType("application/json");
        ops.body("{\"mode\":\"naive\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("mode", equalTo("naive"));
        given().header("X-Ops-Token", TOKEN).get("/ops/state").then().body("mode", equalTo("naive"));
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"reckless\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("mode", equalTo("naive"));
    }

    @Test
    void onePatternAtATimeCanBeSwitchedOffAndThePipelinesObeyAtOnce() {
        var pipeline = pipelines.computeIfAbsent(
                "switched",
                d -> ResiliencePipeline.builder(d)
                        .service("kit-test")
                        .switchedOff(mode.layerOff())
                        .noRetry()
                        .timeout(Duration.ofSeconds(1))
                        .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                        .build());
        var ops = given().header("X-Ops-Token", TOKEN).contentType("application/json");
        ops.body("{\"mode\":\"resilient\",\"off\":[\"breaker\",\"hedging\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("mode", equalTo("resilient"))
                .body("off", contains("breaker", "hedging"));
        given().header("X-Ops-Token", TOKEN).get("/ops/resilience").then().body("off", contains("breaker", "hedging"));
        given().header("X-Ops-Token", TOKEN).get("/ops/state").then().body("off", contains("breaker", "hedging"));
        assertThat(mode.isOff(ResilienceMode.Pattern.BREAKER)).isTrue();
        assertThat(mode.isOff(ResilienceMode.Pattern.RETRY)).isFalse();

        var clock = dev.resilientshop.resilience.core.Clock.system();
        for (int i = 0; i < 4; i++) { // breaker off: four failures go through and leave it CLOSED
            try {
                pipeline.call(Deadline.after(Duration.ofSeconds(1), clock), d -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // the dependency's failure, not a refusal
            }
        }
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.CLOSED);

        // a PUT with only the mode turns every pattern on again; the same two failures now open it
        ops.body("{\"mode\":\"resilient\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("off", empty());
        for (int i = 0; i < 2; i++) {
            try {
                pipeline.call(Deadline.after(Duration.ofSeconds(1), clock), d -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // counted by the breaker this time
            }
        }
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.OPEN);

        // naive lists every pattern as off
        ops.body("{\"mode\":\"naive\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body(
                        "off",
                        contains(
                                "breaker",
                                "bulkhead",
                                "retry",
                                "timeout",
                                "hedging",
                                "fallback",
                                "rate-limit",
                                "load-shedding",
                                "outlier-ejection"));
    }

    @Test
    void anUnknownPatternIsRefused400AndChangesNothing() {
        var ops = given().header("X-Ops-Token", TOKEN).contentType("application/json");
        ops.body("{\"off\":[\"retry\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(200)
                .body("off", contains("retry"));
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"resilient\",\"off\":[\"breaker\",\"circuit-breaker\"]}")
                .put("/ops/resilience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("circuit-breaker"));
        given().header("X-Ops-Token", TOKEN)
                .get("/ops/resilience")
                .then()
                .body("mode", equalTo("resilient"))
                .body("off", contains("retry"));
    }

    @Test
    void resetClosesEveryBreakerAndNeedsTheToken() {
        var pipeline = pipelines.computeIfAbsent(
                "resettable",
                d -> ResiliencePipeline.builder(d).service("kit-test").build());
        pipeline.circuitBreaker().forceOpen();
        given().post("/ops/resilience/reset").then().statusCode(401);
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.OPEN);
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.CLOSED);
        given().header("X-Ops-Token", TOKEN)
                .get("/ops/state")
                .then()
                .body("dependencies.find { it.dependency == 'resettable' }.breakerState", equalTo("CLOSED"));
    }

    @Test
    void aRequestWhoseBudgetIsSpentGetsNoWork() {
        given().header("X-Request-Budget-Ms", "0")
                .get("/test/ping")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("title", equalTo("Deadline spent"));
        given().header("X-Request-Budget-Ms", "250").get("/test/ping").then().statusCode(200);
        given().get("/test/ping").then().statusCode(200);
    }
}
