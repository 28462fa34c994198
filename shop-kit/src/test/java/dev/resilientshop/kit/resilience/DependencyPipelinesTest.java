package dev.resilientshop.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.retry.StatusCarrier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A dependency is declared once, under {@code shop.dependency.<name>.*}: defaults written in
 * {@link DependencyConfig} only, bad values refused with the property's name before the service
 * takes traffic, and every pipeline built from the settings reading failures by {@link HealthSignal}.
 */
class DependencyPipelinesTest {

    static final class Answered extends RuntimeException implements StatusCarrier {
        private final int status;

        Answered(int status) {
            super("answered " + status, null, false, false);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final PipelineRegistry registry = new PipelineRegistry();

    private DependencyPipelines pipelines(Map<String, String> properties) {
        return new DependencyPipelines(
                DependencyConfigs.of(properties),
                registry,
                scheduler,
                new ResilienceMode("resilient", "kit-test"),
                "kit-test");
    }

    @Test
    void aDependencyWithoutSettingsGetsTheDefaultsWrittenInTheMapping() {
        var config = pipelines(Map.of()).config("anything");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.reserve()).isZero();
        assertThat(config.breaker().consecutiveFailures()).isEqualTo(5);
        assertThat(config.breaker().failureRate()).isEqualTo(50);
        assertThat(config.breaker().window()).isEqualTo(20);
        assertThat(config.breaker().minimumCalls()).isEqualTo(20);
        assertThat(config.breaker().resetTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.bulkhead().maxConcurrentCalls()).isEqualTo(50);
        assertThat(config.bulkhead().maxWait()).isZero();
        assertThat(config.retry().maxAttempts()).isEqualTo(1);
        assertThat(config.breaker().slowCallDuration()).isEmpty(); // the timeout's
        assertThat(config.limit()).isEmpty();
        assertThat(config.hedge()).isEmpty();
    }

    @Test
    void anAdaptiveLimitOrAHedgeIsDeclaredByWritingOneOfItsSettingsAndTheRestAreTheDefaults() {
        var pipelines = pipelines(Map.of(
                "shop.dependency.inventory.limit.initial",
                "100",
                "shop.dependency.inventory.hedge.initial-delay",
                "20ms"));
        var config = pipelines.config("inventory");
        var limit = config.limit().orElseThrow();
        assertThat(limit.algorithm()).isEqualTo(DependencyConfig.Algorithm.AIMD);
        assertThat(limit.initial()).isEqualTo(100);
        assertThat(limit.min()).isEqualTo(1);
        assertThat(limit.max()).isEqualTo(200);
        assertThat(limit.rttFloor()).isZero();
        assertThat(limit.aimd().backoffRatio()).isEqualTo(0.5);
        var hedge = config.hedge().orElseThrow();
        assertThat(hedge.delay()).isEmpty();
        assertThat(hedge.percentile()).isEqualTo(0.95);
        assertThat(hedge.initialDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(hedge.maxExtra()).isEqualTo(1);
        var snapshot = pipelines.pipeline("inventory").snapshot();
        assertThat(snapshot.limit()).isEqualTo(100);
        assertThat(pipelines.pipeline("inventory").limiter())
                .isNotInstanceOf(dev.resilientshop.resilience.bulkhead.Bulkhead.class);
    }

    /** The kit writes the library's limit and hedge defaults again (a mapping needs them as text): they must stay equal. */
    @Test
    void theLimitAndHedgeDefaultsAreTheLibrarys() {
        var config = pipelines(
                        Map.of("shop.dependency.x.limit.algorithm", "aimd", "shop.dependency.x.hedge.max-extra", "1"))
                .config("x");
        var limit = config.limit().orElseThrow();
        var aimd = dev.resilientshop.resilience.limit.AimdConfig.ofDefaults();
        var gradient = dev.resilientshop.resilience.limit.GradientConfig.ofDefaults();
        assertThat(List.of(limit.initial(), limit.min(), limit.max()))
                .containsExactly(aimd.initialLimit(), aimd.minLimit(), aimd.maxLimit())
                .containsExactly(gradient.initialLimit(), gradient.minLimit(), gradient.maxLimit());
        assertThat(List.of(
                        limit.aimd().backoffRatio(),
                        limit.aimd().growWhenUsed(),
                        limit.aimd().queueingThreshold(),
                        limit.aimd().rttSmoothing(),
                        limit.aimd().baselineSmoothing()))
                .containsExactly(
                        aimd.backoffRatio(),
                        aimd.growWhenUsed(),
                        aimd.queueingThreshold(),
                        aimd.rttSmoothing(),
                        aimd.baselineSmoothing());
        assertThat(limit.aimd().baselineWindow()).isEqualTo(aimd.baselineWindow());
        assertThat(List.of(limit.gradient().rttTolerance(), limit.gradient().smoothing()))
                .containsExactly(gradient.rttTolerance(), gradient.smoothing());
        assertThat(limit.gradient().longWindow()).isEqualTo(gradient.longWindow());
        var hedge = config.hedge().orElseThrow();
        var library = dev.resilientshop.resilience.hedge.HedgeConfig.ofDefaults();
        assertThat(hedge.percentile()).isEqualTo(library.percentile());
        assertThat(hedge.initialDelay()).isEqualTo(library.initialDelay());
        assertThat(hedge.minSamples()).isEqualTo(library.minSamples());
        assertThat(hedge.maxExtra()).isEqualTo(library.maxHedges());
        assertThat(hedge.budgetRatio()).isEqualTo(library.budgetRatio());
        assertThat(hedge.budgetReserve()).isEqualTo(library.budgetReserve());
        assertThat(hedge.histogramWindow()).isEqualTo(library.histogramWindow());
    }

    @Test
    void aGradientLimitIsBuiltWhenAsked() {
        var pipelines = pipelines(Map.of(
                "shop.dependency.inventory.limit.algorithm",
                "gradient",
                "shop.dependency.inventory.limit.initial",
                "30"));
        assertThat(pipelines.config("inventory").limit().orElseThrow().algorithm())
                .isEqualTo(DependencyConfig.Algorithm.GRADIENT);
        assertThat(pipelines.pipeline("inventory").snapshot().limit()).isEqualTo(30);
    }

    @Test
    void aLimitOrHedgeOutOfRangeIsRefusedWithThePropertysName() {
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.inventory.limit.initial", "300"))
                        .check())
                .hasMessage("shop.dependency.inventory.limit.max must be >= 300, but was 200");
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.inventory.hedge.percentile", "1.5"))
                        .check())
                .hasMessage("shop.dependency.inventory.hedge.percentile must be in (0, 1], but was 1.5");
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.inventory.hedge.max-extra", "4"))
                        .check())
                .hasMessageStartingWith("shop.dependency.inventory.*: ")
                .hasMessageContaining("maxHedges");
    }

    @Test
    void aSettingOverridesOnlyItsOwnDefault() {
        var config = pipelines(Map.of(
                        "shop.dependency.pricing.timeout", "250ms", "shop.dependency.pricing.retry.max-attempts", "3"))
                .config("pricing");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.retry().maxAttempts()).isEqualTo(3);
        assertThat(config.breaker().resetTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aValueOutOfRangeIsRefusedWithThePropertysName() {
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.pricing.breaker.failure-rate", "150"))
                        .check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shop.dependency.pricing.breaker.failure-rate must be in (0, 100], but was 150");
        assertThatThrownBy(() ->
                        pipelines(Map.of("shop.dependency.fraud.timeout", "0s")).check())
                .hasMessage("shop.dependency.fraud.timeout must be > 0, but was PT0S");
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.payment.bulkhead.max-wait", "2s"))
                        .check())
                .hasMessage("shop.dependency.payment.bulkhead.max-wait must be <= PT1S, but was PT2S");
    }

    @Test
    void aMisspeltDependencyNameStopsTheStartNamingWhatTheServiceCalls() {
        var known = DependencyPipelines.restClients(java.util.List.of(
                "quarkus.rest-client.pricing.url",
                "quarkus.rest-client.inventory.url",
                "quarkus.rest-client.inventory.connect-timeout",
                "quarkus.http.port"));
        assertThat(known).containsExactly("inventory", "pricing");
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.pricng.timeout", "250ms"))
                        .check(known))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "shop.dependency.pricng.*: this service has no dependency named 'pricng'; it calls inventory, pricing"
                                + " (the names of its REST clients, quarkus.rest-client.<name>.url)");
        pipelines(Map.of("shop.dependency.pricing.timeout", "250ms")).check(known); // a known name passes
    }

    @Test
    void aRangeOnlyTheLibraryKnowsIsRefusedWithTheDependencysPrefix() {
        assertThatThrownBy(() -> pipelines(Map.of("shop.dependency.payment.retry.max-attempts", "11"))
                        .check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shop.dependency.payment.*: ")
                .hasMessageContaining("maxAttempts");
    }

    @Test
    void aValueThatIsNoDurationIsRefusedWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> DependencyConfigs.of(Map.of("shop.dependency.pricing.timeout", "soon")))
                .hasMessageContaining("shop.dependency.pricing.timeout");
    }

    @Test
    void thePipelineIsBuiltOnceAndRegisteredSoItsMetricsAndStateAreExported() {
        var pipelines = pipelines(Map.of());
        var seen = new AtomicInteger();
        var first = pipelines.pipeline("pricing", p -> seen.incrementAndGet());
        assertThat(pipelines.pipeline("pricing", p -> seen.incrementAndGet())).isSameAs(first);
        assertThat(seen).hasValue(1);
        assertThat(registry.get("pricing")).containsSame(first);
        assertThat(first.snapshot().service()).isEqualTo("kit-test");
    }

    @Test
    void theCallersFaultIsNeitherRetriedNorABreakerFailure() {
        var pipeline = pipelines(Map.of("shop.dependency.pricing.retry.max-attempts", "3"))
                .pipeline("pricing");
        var attempts = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> pipeline.call(Deadline.after(Duration.ofSeconds(5), clock), d -> {
                        attempts.incrementAndGet();
                        throw new Answered(404);
                    }))
                    .isInstanceOf(Answered.class);
        }
        assertThat(attempts).hasValue(5);
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aDependencysFailureIsRetriedAndFiveInARowOpenTheBreaker() {
        var pipeline = pipelines(Map.of("shop.dependency.pricing.retry.max-attempts", "3"))
                .pipeline("pricing");
        var attempts = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> pipeline.call(Deadline.after(Duration.ofSeconds(5), clock), d -> {
                        attempts.incrementAndGet();
                        throw new Answered(429);
                    }))
                    .isInstanceOf(Answered.class);
        }
        assertThat(attempts).hasValue(15);
        assertThat(pipeline.circuitBreaker().state()).isEqualTo(State.OPEN);
    }
}
