package dev.resilientshop.order.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.order.checkout.DownstreamStub;
import dev.resilientshop.order.pricing.PricingApi;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * order-service's callers read a failed call with shop-kit's {@code HealthSignal}, the rule every
 * caller in the shop uses (issue 11, item 17): a 4xx other than 408/429 is the caller's fault
 * (no breaker failure, no retry); 408 and 429 are the dependency's (it timed out or is shedding
 * load), so they count and are retried like a 5xx. Through the typed pricing client as the
 * service builds it, against the stub, with a pipeline of the test's own.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class OutboundHealthSignalTest {

    @Inject
    PricingApi api;

    private final Stub pricing = Stub.forClient("pricing");
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private PipelineRegistry registry;
    private Outbound outbound;

    @BeforeEach
    void start() {
        pricing.reset();
        registry = new PipelineRegistry();
        var mode = new ResilienceMode("resilient", "order");
        var settings =
                DependencyConfigs.of(Map.of( // as application.properties declares pricing, reset longer than the test
                        "shop.dependency.pricing.retry.max-attempts",
                        "3",
                        "shop.dependency.pricing.retry.base-delay",
                        "50ms",
                        "shop.dependency.pricing.breaker.reset-timeout",
                        "60s"));
        outbound = new Outbound(
                new DependencyPipelines(settings, registry, Scheduler.of(timers), mode, "order"),
                mode,
                Clock.system(),
                new SharedPool(20, Duration.ofSeconds(10), "order"));
    }

    @AfterEach
    void stop() {
        pricing.reset();
        timers.shutdownNow();
    }

    private void fiveCalls(int answer) {
        pricing.respond("GET", "/prices", answer, "{\"status\":" + answer + "}");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> outbound.call(
                            "pricing",
                            Deadline.after(Duration.ofSeconds(5), Clock.system()),
                            budget -> api.prices("AUD-0001", budget)))
                    .isInstanceOfSatisfying(
                            DownstreamException.class,
                            e -> assertThat(e.status()).isEqualTo(answer));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 422})
    void aCallersFaultIsNeitherRetriedNorABreakerFailure(int answer) {
        fiveCalls(answer);
        assertThat(pricing.requests("GET", "/prices"))
                .as("5 calls = 5 requests, no retry")
                .hasSize(5);
        assertThat(registry.get("pricing").orElseThrow().snapshot().breakerState())
                .isEqualTo(State.CLOSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 503})
    void requestTimeoutAndTooManyRequestsAreTheDependencysFailureLikeA5xx(int answer) {
        fiveCalls(answer);
        // 5 calls x 3 attempts (pricing retries twice) = 15 requests; 5 consecutive failed calls open the breaker
        assertThat(pricing.requests("GET", "/prices")).hasSize(15);
        assertThat(registry.get("pricing").orElseThrow().snapshot().breakerState())
                .isEqualTo(State.OPEN);
    }
}
