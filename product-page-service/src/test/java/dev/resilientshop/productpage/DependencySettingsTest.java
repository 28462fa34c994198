package dev.resilientshop.productpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.kit.resilience.DependencyConfig;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The numbers the product page calls its four dependencies with, as its application.properties
 * and shop-kit's defaults make them (no profile: what runs in production). They are the numbers
 * the page had before it declared its dependencies under {@code shop.dependency.*} (issue 16):
 * a default that drifts in shop-kit, or a line lost from application.properties, fails here.
 * Plain JUnit: the same mapping Quarkus reads, without starting the page.
 */
class DependencySettingsTest {

    static final Duration RESERVE = Duration.ofMillis(100);

    private final Map<String, String> properties = applicationProperties();
    private final DependencyPipelines pipelines = pipelines(properties);

    @Test
    void inventory() {
        var c = pipelines.config("inventory");
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.reserve()).isEqualTo(RESERVE);
        assertSeedBreaker(c);
        assertThat(c.retry().maxAttempts()).isEqualTo(3);
        assertThat(c.retry().baseDelay()).isEqualTo(Duration.ofMillis(20));
        var limit = c.limit().orElseThrow();
        assertThat(limit.algorithm()).isEqualTo(DependencyConfig.Algorithm.AIMD);
        assertThat(limit.initial()).isEqualTo(100);
        assertThat(limit.min()).isEqualTo(5);
        assertThat(limit.max()).isEqualTo(200);
        assertThat(limit.rttFloor()).isEqualTo(Duration.ofMillis(50));
        assertThat(limit.aimd().backoffRatio()).isEqualTo(0.5);
        assertThat(limit.aimd().growWhenUsed()).isEqualTo(0.5);
        assertThat(limit.aimd().queueingThreshold()).isEqualTo(2.0);
        assertThat(limit.aimd().rttSmoothing()).isEqualTo(0.1);
        assertThat(limit.aimd().baselineSmoothing()).isEqualTo(0.025);
        assertThat(limit.aimd().baselineWindow()).isEqualTo(Duration.ofSeconds(30));
        var hedge = c.hedge().orElseThrow();
        assertThat(hedge.delay()).isEmpty();
        assertThat(hedge.percentile()).isEqualTo(0.95);
        assertThat(hedge.initialDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(hedge.minSamples()).isEqualTo(100);
        assertThat(hedge.maxExtra()).isEqualTo(1);
        assertThat(hedge.budgetRatio()).isEqualTo(0.05);
        assertThat(hedge.budgetReserve()).isEqualTo(5);
        assertThat(hedge.histogramWindow()).isEqualTo(Duration.ofSeconds(10));
        var built = pipelines.pipeline("inventory");
        assertThat(built.snapshot().limiterKind())
                .isNotEqualTo(pipelines.pipeline("pricing").snapshot().limiterKind());
        assertThat(built.snapshot().limit())
                .as("the AIMD limit starts at its initial value")
                .isEqualTo(100);
    }

    @Test
    void pricing() {
        var c = pipelines.config("pricing");
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.reserve()).isEqualTo(RESERVE);
        assertSeedBreaker(c);
        assertThat(c.retry().maxAttempts()).isEqualTo(3);
        assertThat(c.retry().baseDelay()).isEqualTo(Duration.ofMillis(20));
        assertBulkhead(c, "pricing", 75);
        assertThat(c.hedge()).isEmpty();
    }

    @Test
    void recommendations() {
        var c = pipelines.config("recommendations");
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.reserve()).isEqualTo(RESERVE);
        assertSeedBreaker(c);
        assertThat(c.retry().maxAttempts()).isEqualTo(2);
        assertThat(c.retry().baseDelay()).isEqualTo(Duration.ofMillis(20));
        assertBulkhead(c, "recommendations", 50);
        assertThat(c.hedge()).isEmpty();
    }

    @Test
    void order() {
        var c = pipelines.config("order");
        assertThat(c.timeout()).as("the checkout budget").isEqualTo(Duration.ofSeconds(8));
        assertThat(c.reserve()).isEqualTo(RESERVE);
        assertSeedBreaker(c);
        assertThat(c.retry().maxAttempts())
                .as("no retry: the saga resumes by key")
                .isEqualTo(1);
        assertBulkhead(c, "order", 20);
        assertThat(c.hedge()).isEmpty();
    }

    @Test
    void theProductPageDeclaresExactlyItsFourDependenciesAndTheyPassTheStartUpCheck() {
        assertThat(DependencyConfigs.of(properties).all().keySet())
                .containsExactlyInAnyOrder("inventory", "pricing", "recommendations", "order");
        pipelines.check(DependencyPipelines.restClients(properties.keySet()));
    }

    @Test
    void aMisspeltDependencyNameFailsTheStartUpCheckWithTheNamesItCouldHaveMeant() {
        var misspelt = new HashMap<>(properties);
        misspelt.put("shop.dependency.inventroy.timeout", "250ms");
        assertThatThrownBy(() -> pipelines(misspelt).check(DependencyPipelines.restClients(misspelt.keySet())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "shop.dependency.inventroy.*: this service has no dependency named 'inventroy'; it calls fraud, inventory,"
                                + " inventory-secondary, order, payment, pricing, recommendations"
                                + " (the names of its REST clients, quarkus.rest-client.<name>.url)");
    }

    /** Seed 002's rule as the page had it: 5 in a row, or half of the last 100 (judged from 20); probe after 5 s; slow over 2 s. */
    private static void assertSeedBreaker(DependencyConfig c) {
        var b = c.breaker();
        assertThat(b.consecutiveFailures()).isEqualTo(5);
        assertThat(b.failureRate()).isEqualTo(50);
        assertThat(b.window()).isEqualTo(100);
        assertThat(b.minimumCalls()).isEqualTo(20);
        assertThat(b.resetTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.slowCallDuration()).contains(Duration.ofSeconds(2));
    }

    private void assertBulkhead(DependencyConfig c, String dependency, int calls) {
        assertThat(c.limit()).isEmpty();
        assertThat(c.bulkhead().maxConcurrentCalls()).isEqualTo(calls);
        assertThat(c.bulkhead().maxWait()).isZero();
        assertThat(pipelines.pipeline(dependency).snapshot().limit()).isEqualTo(calls);
    }

    private static DependencyPipelines pipelines(Map<String, String> properties) {
        var clock = new ManualClock();
        return new DependencyPipelines(
                DependencyConfigs.of(properties),
                new PipelineRegistry(),
                new ManualScheduler(clock),
                new ResilienceMode("resilient", "product-page"),
                "product-page");
    }

    /** src/main/resources/application.properties, every line (profiled ones too; the mapping reads the unprofiled). */
    static Map<String, String> applicationProperties() {
        var props = new Properties();
        try (InputStream in = DependencySettingsTest.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var map = new HashMap<String, String>();
        props.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }
}
