package dev.resilientshop.resilience.metrics;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.RandomSource;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.limit.AimdConfig;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiterConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResilienceMetricsTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private ResiliencePipeline recs;
    private ResiliencePipeline inventory;

    private String scrape() {
        PipelineRegistry registry = new PipelineRegistry();
        recs = registry.register(ResiliencePipeline.builder("recommendations")
                .service("product-page")
                .scheduler(scheduler)
                .noRetry()
                .build());
        inventory = registry.register(ResiliencePipeline.builder("inventory")
                .service("product-page")
                .scheduler(scheduler)
                .noRetry()
                .adaptiveLimit(Limit.aimd(AimdConfig.builder().clock(clock).build()))
                .build());
        ResilienceMetrics.bind(registry, prometheus);
        RateLimiter api = RateLimiter.of(
                "api", RateLimiterConfig.builder().capacity(1).clock(clock).build());
        ResilienceMetrics.bind(api, "product-page", prometheus);
        api.tryAcquire("client");
        api.tryAcquire("client"); // refused
        FallbackChain<String> popular =
                FallbackChain.<String>builder().then("popular", c -> "popular").build();
        for (int i = 0; i < 5; i++) {
            failingCall(popular);
        }
        return prometheus.scrape();
    }

    private void failingCall(FallbackChain<String> fallback) {
        recs.call(
                Deadline.after(ofMillis(500), clock),
                d -> {
                    throw new IllegalStateException("503");
                },
                fallback);
    }

    private static Set<String> metricNames(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.substring(0, l.indexOf('{') > 0 ? l.indexOf('{') : l.indexOf(' '))));
        return names;
    }

    @Test
    void exportsExactlyTheNamesSeed002sAlertRulesUse() {
        assertThat(metricNames(scrape()))
                .containsExactlyInAnyOrder(
                        "circuit_breaker_state",
                        "circuit_breaker_state_changes_total",
                        "bulkhead_active_calls",
                        "bulkhead_max_concurrent",
                        "bulkhead_rejected_total",
                        "retry_attempts_total",
                        "timeouts_total",
                        "deadline_exhausted_total",
                        "fallbacks_total",
                        "hedges_total",
                        "adaptive_limit",
                        "rate_limit_rejected_total");
    }

    @Test
    void breakerOpeningIsCountedWithLowercaseStateLabels() {
        String scrape = scrape();
        // 5 consecutive failures opened the recommendations breaker once (CircuitBreakerOpenRateHigh's to_state="open")
        assertThat(scrape)
                .contains("circuit_breaker_state_changes_total{dependency=\"recommendations\",from_state=\"closed\","
                        + "service=\"product-page\",to_state=\"open\"} 1.0");
        assertThat(scrape)
                .contains("circuit_breaker_state{dependency=\"recommendations\",service=\"product-page\"} 1.0");
        // every transition has a series from the start; this one must still read 0: it never went half-open
        assertThat(scrape)
                .contains("circuit_breaker_state_changes_total{dependency=\"recommendations\",from_state=\"open\","
                        + "service=\"product-page\",to_state=\"half_open\"} 0.0");
        assertThat(scrape)
                .contains(
                        "retry_attempts_total{dependency=\"recommendations\",outcome=\"first\",service=\"product-page\"} 5.0");
        assertThat(scrape)
                .contains(
                        "retry_attempts_total{dependency=\"recommendations\",outcome=\"retry\",service=\"product-page\"} 0.0");
        assertThat(scrape)
                .contains(
                        "fallbacks_total{dependency=\"recommendations\",service=\"product-page\",source=\"popular\"} 5.0");
        assertThat(scrape).contains("rate_limit_rejected_total{dependency=\"api\",service=\"product-page\"} 1.0");
    }

    @Test
    void theAdaptiveLimitGaugeFollowsTheLiveLimit() {
        scrape();
        int before = inventory.snapshot().limit();
        // one failed call is a drop: AIMD cuts the limit (× 0.5), and the exported gauge must follow it
        inventory.call(
                Deadline.after(ofMillis(500), clock),
                d -> {
                    throw new IllegalStateException("503");
                },
                FallbackChain.<String>builder()
                        .then("snapshot", c -> "snapshot")
                        .build());
        int after = inventory.snapshot().limit();
        assertThat(after).as("the failure cut the limit").isLessThan(before);
        assertThat(prometheus.scrape())
                .contains("adaptive_limit{dependency=\"inventory\",service=\"product-page\"} " + (double) after);
    }

    @Test
    void aFailedProbeCountsOneMoveIntoHalfOpenAndOneBackToOpen() {
        scrape(); // 5 failures: CLOSED → OPEN
        clock.advance(ofSeconds(30)); // reset timeout elapsed → the next call is the probe
        failingCall(
                FallbackChain.<String>builder().then("popular", c -> "popular").build());
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("circuit_breaker_state_changes_total{dependency=\"recommendations\",from_state=\"open\","
                        + "service=\"product-page\",to_state=\"half_open\"} 1.0");
        assertThat(scrape)
                .contains("circuit_breaker_state_changes_total{dependency=\"recommendations\",from_state=\"half_open\","
                        + "service=\"product-page\",to_state=\"open\"} 1.0"); // the probe failed
    }

    @Test
    void aSpentBudgetIsExportedOnItsOwnAndNotAsABreakerFailure() {
        ResiliencePipeline inventory = ResiliencePipeline.builder("inventory")
                .service("product-page")
                .scheduler(scheduler)
                .reserve(ofMillis(100))
                .build();
        ResilienceMetrics.bind(inventory, prometheus);
        for (int i = 0; i < 5; i++) {
            try {
                inventory.call(Deadline.after(ofMillis(50), clock), d -> "never sent"); // 50 ms left < 100 ms reserve
            } catch (RuntimeException expected) {
                // budget exhausted before the attempt
            }
        }
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("deadline_exhausted_total{dependency=\"inventory\",service=\"product-page\"} 5.0");
        assertThat(scrape).contains("circuit_breaker_state{dependency=\"inventory\",service=\"product-page\"} 0.0");
    }

    private static String series(String name, String dependency) {
        return name + "{dependency=\"" + dependency + "\",service=\"product-page\"} ";
    }

    @Test
    void bulkheadHedgeAndTimeoutMetersReadTheLiveStateOfAPipelineRegisteredAfterBinding() {
        PipelineRegistry registry = new PipelineRegistry();
        ResilienceMetrics.bind(registry, prometheus); // before the pipeline exists: it is bound when registered
        ResiliencePipeline pricing = registry.register(ResiliencePipeline.builder("pricing")
                .service("product-page")
                .scheduler(scheduler)
                .bulkhead(2)
                .noRetry()
                .timeout(ofMillis(100))
                .hedging(h -> h.fixedDelay(ofMillis(20)))
                .build());
        Deadline budget = Deadline.after(ofSeconds(1), clock);

        CompletableFuture<String> hanging =
                pricing.callAsync(budget, d -> new CompletableFuture<>()); // slot 1 until its timeout
        CompletableFuture<String> read = pricing.readAsync(
                budget,
                (attempt, d) -> attempt == 0
                        ? new CompletableFuture<>()
                        : CompletableFuture.completedFuture("replica-1")); // slot 2
        CompletableFuture<String> refused = pricing.callAsync(budget, d -> CompletableFuture.completedFuture("never"));
        assertThat(refused).isCompletedExceptionally(); // 2 slots, both taken

        String full = prometheus.scrape();
        assertThat(full).contains(series("bulkhead_active_calls", "pricing") + "2.0");
        assertThat(full).contains(series("bulkhead_max_concurrent", "pricing") + "2.0");
        assertThat(full).contains(series("bulkhead_rejected_total", "pricing") + "1.0");
        assertThat(full).contains(series("hedges_total", "pricing") + "0.0");
        assertThat(full).contains(series("timeouts_total", "pricing") + "0.0");
        assertThat(full)
                .doesNotContain("adaptive_limit{dependency=\"pricing\""); // a fixed bulkhead has no adaptive limit

        scheduler.advance(ofMillis(20)); // the hedge goes out and answers at once
        assertThat(read).isCompletedWithValue("replica-1");
        scheduler.advance(ofMillis(80)); // the hanging call's attempt times out at 100 ms
        assertThat(hanging).isCompletedExceptionally();

        String after = prometheus.scrape();
        assertThat(after).contains(series("bulkhead_active_calls", "pricing") + "0.0");
        assertThat(after).contains(series("hedges_total", "pricing") + "1.0");
        assertThat(after).contains(series("timeouts_total", "pricing") + "1.0");
        assertThat(after).contains(series("bulkhead_rejected_total", "pricing") + "1.0");
    }

    @Test
    void aTimedOutAttemptThatSucceedsOnItsRetryCountsOneFirstAttemptOneRetryAndOneTimeout() {
        ResiliencePipeline fraud = ResiliencePipeline.builder("fraud")
                .service("product-page")
                .scheduler(scheduler)
                .timeout(ofMillis(100))
                .retry(r -> r.maxAttempts(2).random(RandomSource.seeded(7)))
                .build();
        ResilienceMetrics.bind(fraud, prometheus);
        int[] attempts = {0};
        String answer = fraud.call(Deadline.after(ofSeconds(2), clock), d -> {
            if (attempts[0]++ == 0) {
                clock.advance(ofMillis(150)); // the first attempt answers after its 100 ms: a call timeout, retryable
            }
            return "score 0.1";
        });
        assertThat(answer).isEqualTo("score 0.1");
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("retry_attempts_total{dependency=\"fraud\",outcome=\"first\",service=\"product-page\"} 1.0");
        assertThat(scrape)
                .contains("retry_attempts_total{dependency=\"fraud\",outcome=\"retry\",service=\"product-page\"} 1.0");
        assertThat(scrape).contains(series("timeouts_total", "fraud") + "1.0");
    }

    /** Sync calls that succeed on their first attempt are first attempts, with the failed and the refused ones beside them. */
    @Test
    void firstAttemptsCountSuccessfulFailedAndAsyncCallsButNotRefusedOnes() {
        ResiliencePipeline fraud = ResiliencePipeline.builder("fraud")
                .service("product-page")
                .scheduler(scheduler)
                .timeout(ofMillis(100))
                .reserve(ofMillis(20))
                .retry(r -> r.maxAttempts(2).random(RandomSource.seeded(7)))
                .build();
        ResilienceMetrics.bind(fraud, prometheus);
        for (int i = 0; i < 3; i++) {
            String score = fraud.call(Deadline.after(ofSeconds(2), clock), d -> "score 0.1");
            assertThat(score).isEqualTo("score 0.1");
        }
        assertThat(fraud.call(
                                Deadline.after(ofSeconds(2), clock),
                                d -> {
                                    throw new IllegalStateException("not retryable");
                                },
                                FallbackChain.<String>builder()
                                        .then("default", e -> "score 0.5")
                                        .build())
                        .value())
                .isEqualTo("score 0.5");
        assertThat(fraud.callAsync(
                        Deadline.after(ofSeconds(2), clock), d -> CompletableFuture.completedFuture("async")))
                .isCompletedWithValue("async");
        assertThat(fraud.call(
                                Deadline.after(ofMillis(10), clock),
                                d -> "never", // budget below the reserve: refused
                                FallbackChain.<String>builder()
                                        .then("default", e -> "score 0.5")
                                        .build())
                        .source())
                .isEqualTo("default");
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("retry_attempts_total{dependency=\"fraud\",outcome=\"first\",service=\"product-page\"} 5.0");
        assertThat(scrape)
                .contains("retry_attempts_total{dependency=\"fraud\",outcome=\"retry\",service=\"product-page\"} 0.0");
        assertThat(scrape).contains(series("deadline_exhausted_total", "fraud") + "1.0");
        assertThat(fraud.retry().firstAttempts()).isEqualTo(5);
        assertThat(fraud.snapshot().calls()).isEqualTo(6);
        assertThat(fraud.snapshot().successes()).isEqualTo(4);
        assertThat(fraud.snapshot().errors()).isEqualTo(1);
    }
}
