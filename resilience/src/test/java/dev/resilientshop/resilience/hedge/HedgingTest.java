package dev.resilientshop.resilience.hedge;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        CircuitBreaker breaker = CircuitBreaker.of(
                "inventory", CircuitBreakerConfig.builder().clock(clock).build());
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory", HedgeConfig.builder().clock(clock).build(), scheduler, breaker);
        double[] hedged = new double[calls];
        for (int i = 0; i < calls; i++) {
            hedged[i] = runOne(() -> hedging.call(this::replica));
        }
        // unhedged p99 sits in the 2% tail (≥ 500 ms); hedged, a tail primary is rescued after ~p95 (~15 ms)
        assertThat(p99(plain)).isGreaterThan(500);
        assertThat(p99(hedged)).isLessThan(p99(plain) / 10);
        assertThat(hedging.hedges()).isLessThanOrEqualTo((long) (calls * 0.05)); // ≤ 250 extra calls on 5,000
        assertThat(hedging.hedges()).isGreaterThan(0);
        assertThat(hedging.currentDelayNanos())
                .isBetween(ofMillis(14).toNanos(), ofMillis(17).toNanos());
    }

    @Test
    void theLosingAttemptIsCancelled() {
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder().fixedDelay(ofMillis(20)).clock(clock).build(),
                scheduler,
                () -> true);
        CompletableFuture<String> primary = new CompletableFuture<>(); // hangs
        CompletableFuture<String> result =
                hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("secondary"));
        scheduler.advance(ofMillis(20)); // hedge delay elapsed → secondary answers at once
        assertThat(result).isCompletedWithValue("secondary");
        assertThat(primary).isCancelled();
    }

    @Test
    void noHedgeWhileTheBreakerIsOpen() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "inventory", CircuitBreakerConfig.builder().clock(clock).build());
        breaker.forceOpen();
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder().fixedDelay(ofMillis(20)).clock(clock).build(),
                scheduler,
                breaker);
        CompletableFuture<String> primary = new CompletableFuture<>();
        hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("secondary"));
        scheduler.advance(ofMillis(100));
        assertThat(hedging.hedges())
                .isZero(); // an open breaker means the dependency is degraded: hedging only adds load
        assertThat(primary).isNotDone();
    }

    @Test
    void hedgesStopWhenTheBudgetIsSpent() {
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .fixedDelay(ofMillis(1))
                        .budget(0.05, 5)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
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

    private Hedging fixed(int maxHedges) {
        return Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .fixedDelay(ofMillis(20))
                        .maxHedges(maxHedges)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
    }

    @Test
    void upToMaxHedgesGoOutOneDelayApartEachToItsOwnReplica() {
        Hedging hedging = fixed(2);
        List<Integer> indices = new ArrayList<>();
        CompletableFuture<String> result = hedging.call(i -> {
            indices.add(i);
            return new CompletableFuture<String>();
        });
        scheduler.advance(ofMillis(19));
        assertThat(indices).containsExactly(0);
        scheduler.advance(ofMillis(1));
        assertThat(indices).containsExactly(0, 1);
        scheduler.advance(ofMillis(20));
        assertThat(indices).containsExactly(0, 1, 2);
        scheduler.advance(ofMillis(100));
        assertThat(indices).containsExactly(0, 1, 2); // two hedges and no more
        assertThat(hedging.hedges()).isEqualTo(2);
        assertThat(hedging.calls()).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(result).isNotDone();
    }

    @Test
    void whenEveryAttemptFailsTheCallFailsWithTheLastErrorAndNoHedgeIsLeftPending() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> hedge = new CompletableFuture<>();
        CompletableFuture<String> result = hedging.call(i -> i == 0 ? primary : hedge);
        scheduler.advance(ofMillis(20)); // hedge out; both running
        primary.completeExceptionally(new IllegalStateException("primary 503"));
        assertThat(result).isNotDone(); // the hedge may still answer
        hedge.completeExceptionally(new IllegalStateException("hedge 503"));
        assertThatThrownBy(result::get).hasRootCauseMessage("hedge 503");
    }

    @Test
    void aPrimaryThatFailsBeforeTheDelayFailsTheCallAtOnceWithoutAHedge() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> result =
                hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("hedge"));
        primary.completeExceptionally(new IllegalStateException("400"));
        assertThatThrownBy(result::get)
                .hasRootCauseMessage("400"); // retry decides what to do with a failure, not hedging
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(ofMillis(100));
        assertThat(hedging.hedges()).isZero();
    }

    @Test
    void anAttemptThatThrowsIsAFailedAttemptNotACrashedCall() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> result = hedging.call(i -> {
            if (i == 0) {
                throw new IllegalStateException("connection refused");
            }
            return CompletableFuture.completedFuture("hedge");
        });
        assertThatThrownBy(result::get).hasRootCauseMessage("connection refused");
        assertThat(hedging.calls()).isEqualTo(1);
    }

    @Test
    void aPrimaryThatAnswersAtOnceStartsNoHedgeTimer() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> result = hedging.call(i -> CompletableFuture.completedFuture("replica-" + i));
        assertThat(result).isCompletedWithValue("replica-0");
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void theDelayIsTheInitialOneUntilMinSamplesPrimariesThenTheirPercentile() {
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .percentileDelay(0.5, ofMillis(50))
                        .minSamples(3)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
        assertThat(hedging.currentDelayNanos()).isEqualTo(ofMillis(50).toNanos());
        for (int n = 1; n <= 3; n++) {
            CompletableFuture<String> primary = new CompletableFuture<>();
            hedging.call(i -> primary);
            clock.advance(Duration.ofNanos(10_000)); // each primary answers after 10 µs
            primary.complete("ok");
            assertThat(hedging.histogram().count()).isEqualTo(n);
            if (n < 3) {
                assertThat(hedging.currentDelayNanos())
                        .as("after %s samples", n)
                        .isEqualTo(ofMillis(50).toNanos());
            }
        }
        assertThat(hedging.currentDelayNanos()).isEqualTo(10_000); // the median of three 10 µs primaries
    }

    @Test
    void onlyThePrimarysLatencyIsRecordedEvenWhenAHedgeWins() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> result =
                hedging.call(i -> i == 0 ? primary : CompletableFuture.completedFuture("hedge"));
        scheduler.advance(ofMillis(20));
        assertThat(result).isCompletedWithValue("hedge");
        assertThat(primary).isCancelled();
        // the cancelled primary records a lower bound of its latency: 20 ms; the hedge's 0 ms is not a sample
        assertThat(hedging.histogram().count()).isEqualTo(1);
        assertThat(hedging.histogram().percentileNanos(1.0))
                .isBetween(ofMillis(20).toNanos(), (long) (ofMillis(20).toNanos() * 1.125));
    }

    @Test
    void withRatioOneHalfEverySecondCallMayHedgeOnceTheReserveIsSpent() {
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .fixedDelay(ofMillis(1))
                        .budget(0.5, 1)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
        for (int i = 0; i < 10; i++) {
            hedging.call(n -> new CompletableFuture<String>()); // every call wants a hedge
            scheduler.advance(ofMillis(2));
        }
        // call 1 spends the reserve's one token; each call earns half a token: calls 3, 5, 7, 9 hedge
        assertThat(hedging.hedges()).isEqualTo(5);
        assertThat(hedging.calls()).isEqualTo(10);
        assertThat(hedging).hasToString("Hedging[inventory]");
    }

    @Test
    void configDefaultsAreSeed002sAndMaxHedgesIsCappedAtThree() {
        HedgeConfig defaults = HedgeConfig.ofDefaults();
        assertThat(defaults.fixedDelay()).isNull();
        assertThat(defaults.percentile()).isEqualTo(0.95);
        assertThat(defaults.initialDelay()).isEqualTo(ofMillis(50));
        assertThat(defaults.minSamples()).isEqualTo(100);
        assertThat(defaults.maxHedges()).isEqualTo(1);
        assertThat(defaults.budgetRatio()).isEqualTo(0.05);
        assertThat(defaults.budgetReserve()).isEqualTo(5);
        assertThat(defaults.histogramWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.clock()).isSameAs(dev.resilientshop.resilience.core.Clock.system());
        assertThat(HedgeConfig.builder().maxHedges(3).build().maxHedges()).isEqualTo(3);
        assertThatThrownBy(() -> HedgeConfig.builder().maxHedges(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxHedges must be <= 3, but was 4");
        assertThatThrownBy(() -> HedgeConfig.builder().maxHedges(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HedgeConfig.builder()
                        .histogramWindow(Duration.ofSeconds(30))
                        .build()
                        .histogramWindow())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPrimaryThatAnswersBeforeTheDelayCancelsItsHedgeTimer() {
        Hedging hedging = fixed(1);
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> result = hedging.call(i -> primary);
        assertThat(scheduler.pendingTasks()).isEqualTo(1); // the hedge, due in 20 ms
        scheduler.advance(ofMillis(5));
        primary.complete("replica-0");
        assertThat(result).isCompletedWithValue("replica-0");
        assertThat(scheduler.pendingTasks()).isZero(); // nothing left to fire for a finished call
    }
}
