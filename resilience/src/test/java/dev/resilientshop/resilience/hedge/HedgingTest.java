package dev.resilientshop.resilience.hedge;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HedgingTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SplittableRandom random = new SplittableRandom(2013); // "The Tail at Scale"
    private final List<CompletableFuture<String>> attempts = new ArrayList<>();

    /** 98% of requests take 5–15 ms; 2% hit the slow tail, 500–1500 ms. Independent per attempt. */
    private CompletableFuture<String> replica(int index) {
        double ms = random.nextDouble() < 0.02 ? 500 + random.nextDouble() * 1000 : 5 + random.nextDouble() * 10;
        CompletableFuture<String> f = new CompletableFuture<>();
        var task = scheduler.schedule(Duration.ofNanos((long) (ms * 1e6)), () -> f.complete("replica-" + index));
        f.whenComplete((v, e) -> task.cancel());
        attempts.add(f);
        return f;
    }

    /** Runs one call to completion in simulated time; returns its latency in ms. */
    private double runOne(java.util.function.Supplier<CompletableFuture<String>> call) {
        long start = clock.nanoTime();
        CompletableFuture<String> f = call.get();
        while (!f.isDone()) {
            scheduler.advance(Duration.ofNanos(scheduler.nextDueNanos() - clock.nanoTime()));
        }
        return (clock.nanoTime() - start) / 1e6;
    }

    private static double p99(double[] latencies) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    @Test
    void hedgingAtTheObservedP95CutsP99TenfoldForAtMostFivePercentExtraCalls() {
        int calls = 5_000;
        double[] plain = new double[calls];
        for (int i = 0; i < calls; i++) {
            plain[i] = runOne(() -> replica(0));
        }
        CircuitBreaker breaker = CircuitBreaker.of("inventory", CircuitBreakerConfig.builder().clock(clock).build());
        Hedging hedging = Hedging.forIdempotentReads("inventory", HedgeConfig.builder().clock(clock).build(), scheduler, breaker);
        double[] hedged = new double[calls];
        for (int i = 0; i < calls; i++) {
            hedged[i] = runOne(() -> hedging.call(this::replica));
        }
        // unhedged p99 sits in the 2% tail (≥ 500 ms); hedged, a tail primary is rescued after ~p95 (~15 ms)
        assertThat(p99(plain)).isGreaterThan(500);
        assertThat(p99(hedged)).isLessThan(p99(plain) / 10);
        assertThat(hedging.hedges()).isLessThanOrEqualTo((long) (calls * 0.05)); // ≤ 250 extra calls on 5,000
        assertThat(hedging.hedges()).isGreaterThan(0);
        assertThat(hedging.currentDelayNanos()).isBetween(ofMillis(14).toNanos(), ofMillis(17).toNanos());
    }

    @Test
    void theLosingAttemptIsCancelled() {
        Hedging hedging = Hedging.forIdempotentReads("inventory",
                HedgeConfig.builder().fixedDelay(ofMillis(20)).clock(clock).build(), scheduler, () -> true);
        CompletableFuture<String> primary = new CompletableFuture<>(); // hangs
        CompletableFuture<String> result = hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("secondary"));
        scheduler.advance(ofMillis(20)); // hedge delay elapsed → secondary answers at once
        assertThat(result).isCompletedWithValue("secondary");
        assertThat(primary).isCancelled();
    }

    @Test
    void noHedgeWhileTheBreakerIsOpen() {
        CircuitBreaker breaker = CircuitBreaker.of("inventory", CircuitBreakerConfig.builder().clock(clock).build());
        breaker.forceOpen();
        Hedging hedging = Hedging.forIdempotentReads("inventory",
                HedgeConfig.builder().fixedDelay(ofMillis(20)).clock(clock).build(), scheduler, breaker);
        CompletableFuture<String> primary = new CompletableFuture<>();
        hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("secondary"));
        scheduler.advance(ofMillis(100));
        assertThat(hedging.hedges()).isZero(); // an open breaker means the dependency is degraded: hedging only adds load
        assertThat(primary).isNotDone();
    }

    @Test
    void hedgesStopWhenTheBudgetIsSpent() {
        Hedging hedging = Hedging.forIdempotentReads("inventory", HedgeConfig.builder().fixedDelay(ofMillis(1))
                .budget(0.05, 5).clock(clock).build(), scheduler, () -> true);
        for (int i = 0; i < 100; i++) {
            hedging.call(n -> new CompletableFuture<String>()); // every attempt hangs: every call wants a hedge
            scheduler.advance(ofMillis(2));
        }
        // 5 reserve + 0.05 × 100 calls = at most 10 hedges
        assertThat(hedging.hedges()).isBetween(5L, 10L);
    }

    @Test
    void histogramPercentilesAreWithinABucketOfTheTruth() {
        LatencyHistogram h = new LatencyHistogram(Duration.ofSeconds(10), clock);
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ofMillis(ms).toNanos());
        }
        // true p95 = 95 ms; log-linear buckets err by at most 12.5% upward
        assertThat(h.percentileNanos(0.95) / 1e6).isBetween(95.0, 95 * 1.125);
        clock.advance(Duration.ofSeconds(25)); // two windows later the samples are gone
        assertThat(h.count()).isZero();
    }
}
