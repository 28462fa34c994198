package dev.resilientshop.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AIMD limit (defaults) against a simulated dependency of capacity C (10 ms service time,
 * FIFO queue beyond C) and unlimited demand. What "settles" means here, measured: with C calls
 * in flight the RTT is the 10 ms baseline, with 2C it is 20 ms, the queueing threshold; the limit
 * grows +1 per call while the smoothed RTT is under it and is cut once per round trip above it,
 * so it hovers between about C and 2C (a standing queue of up to C calls). The smoothing delays
 * the signal by a few round trips, in which +1 per call can double the limit: the peaks overshoot
 * to about 4C. Seed 002's per-sample rule halved at every slow call instead, which kept the
 * average nearer C but, on a noisy machine, pinned the limit at its floor
 * ({@link AdaptiveLimitRecoveryTest}).
 */
class AdaptiveLimitSimulationTest {

    private static AdaptiveLimiter aimd(SimulatedDependency sim) {
        return AdaptiveLimiter.aimd(
                "inventory",
                AimdConfig.builder()
                        .initialLimit(5)
                        .maxLimit(1_000)
                        .clock(sim.clock())
                        .build());
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 40, 80})
    void aimdLimitSettlesBetweenCapacityAndTheThresholdsQueueAfterTenSeconds(int capacity) {
        SimulatedDependency inventory = new SimulatedDependency(capacity, 10);
        int[] trace = inventory.run(aimd(inventory), 30_000);
        double settled = SimulatedDependency.mean(trace, 10_000, 30_000);
        int peak = Arrays.stream(trace, 10_000, 30_000).max().getAsInt();
        System.out.printf("AIMD C=%d: mean limit %.1f, max %d%n", capacity, settled, peak);
        // measured 0.8C, 1.03C, 1.01C (C = 20, 40, 80): the workers kept busy on average (≥ 0.8C)
        // and the queue no longer than the 2 × baseline threshold allows (2C, +10%)
        assertThat(settled).isBetween(0.8 * capacity, 2.2 * capacity);
        // the sawtooth never runs away: the smoothed signal arrives a few round trips late, ≤ 4.5C
        assertThat(peak).isLessThanOrEqualTo(9 * capacity / 2);
    }

    @Test
    void aimdHalvesOnALatencySpikeAndRegrowsAfterIt() {
        int capacity = 40;
        SimulatedDependency inventory = new SimulatedDependency(capacity, 10);
        AdaptiveLimiter limiter = aimd(inventory);
        inventory.run(limiter, 20_000);
        int beforeSpike = limiter.limit();
        inventory.serviceMs(50); // seed 002's replica slowdown: RTT ×5
        int[] spike = inventory.run(limiter, 2_000);
        // the third 50 ms sample lifts the smoothed RTT over 2 × the 10 ms baseline (10 → 14 → 17.6 → 20.8):
        // halve, and halve again once per round trip while it stays there
        assertThat(Arrays.stream(spike, 0, 100).min().getAsInt()).isLessThanOrEqualTo(beforeSpike / 2);
        inventory.serviceMs(10); // ANALYZE ran: the replica is fast again
        int[] recovery = inventory.run(limiter, 20_000);
        double recovered = SimulatedDependency.mean(recovery, 5_000, 20_000);
        System.out.printf(
                "AIMD spike: limit %d before, %d lowest in the first 100 ms, mean %.1f after%n",
                beforeSpike, Arrays.stream(spike, 0, 100).min().getAsInt(), recovered);
        assertThat(recovered).isBetween(0.8 * capacity, 2.2 * capacity); // measured 1.8C
    }

    @Test
    void gradientLimitShrinksWhenShortTermRttRisesAboveTheLongTermAverage() {
        Limit limit = Limit.gradient(GradientConfig.builder().initialLimit(50).build());
        long ms = 1_000_000;
        for (int i = 0; i < 100; i++) {
            limit.onSample(
                    10 * ms, 50, false); // steady 10 ms at full use: grows by about √limit × smoothing per sample
        }
        int healthy = limit.limit();
        for (int i = 0; i < 20; i++) {
            limit.onSample(
                    40 * ms, healthy, false); // 40 ms vs a ~10 ms long-term average: gradient 1.5 × 10 / 40 → 0.5
        }
        assertThat(limit.limit()).isLessThan(healthy * 3 / 4);
    }

    @Test
    void gradientLimitIgnoresTheRoundTripOfFailedCalls() {
        Limit limit = Limit.gradient(GradientConfig.builder().initialLimit(50).build());
        long ms = 1_000_000;
        for (int i = 0; i < 100; i++) {
            limit.onSample(10 * ms, 50, false); // the dependency's normal: 10 ms
        }
        for (int i = 0; i < 50; i++) {
            limit.onSample(1_000, 1, true); // 50 connections refused in 1 µs: drops, they shrink the limit
        }
        int before = limit.limit();
        // 14 ms at full use is within the 1.5 tolerance of the 10 ms normal: no queueing, grow by √limit
        assertThat(limit.onSample(14 * ms, before, false)).isGreaterThan(before);
    }

    @Test
    void gradientConfigDefaultsAreNetflixGradient2s() {
        GradientConfig config = GradientConfig.ofDefaults();
        assertThat(config.initialLimit()).isEqualTo(20);
        assertThat(config.minLimit()).isEqualTo(1);
        assertThat(config.maxLimit()).isEqualTo(200);
        assertThat(config.rttTolerance()).isEqualTo(1.5);
        assertThat(config.smoothing()).isEqualTo(0.2);
        assertThat(config.longWindow()).isEqualTo(600);
    }

    @Test
    void gradientConfigRefusesAnInitialLimitAboveTheCeiling() {
        // it used to start at 300 with a ceiling of 200 and admit 300 calls until the first sample
        assertThatThrownBy(() -> GradientConfig.builder().initialLimit(300).build())
                .hasMessage("initialLimit must be <= maxLimit 200, but was 300");
    }

    @Test
    void gradientLimitDoesNotGrowWhenLessThanHalfIsUsed() {
        Limit limit = Limit.gradient(GradientConfig.builder().initialLimit(50).build());
        for (int i = 0; i < 100; i++) {
            // 10 of 50 in flight: app-limited, says nothing about capacity
            assertThat(limit.onSample(10_000_000, 10, false)).isEqualTo(50);
        }
        assertThat(limit.limit()).isEqualTo(50);
    }

    @Test
    void onlyASampleUnderHalfTheLongTermAverageMakesItForgetFaster() {
        long ms = 1_000_000;
        // samples 1 and 2 with nothing in flight (app-limited: they only teach the average);
        // the second average weighs the new sample 2/3: 4 ms / 3 + 1 ms × 2/3 = exactly 2 ms
        Limit atHalf = Limit.gradient(GradientConfig.builder().initialLimit(100).build());
        atHalf.onSample(4 * ms, 0, false);
        atHalf.onSample(ms, 0, false); // 1 ms is exactly half of 2 ms, not under it: the average stays 2 ms
        // third sample, weight 1/2: average 4 ms; gradient 1.5 × 4 / 6 = 1; 100 × 0.8 + (100 + √100) × 0.2 = 102
        assertThat(atHalf.onSample(6 * ms, 100, false)).isEqualTo(102);

        Limit underHalf =
                Limit.gradient(GradientConfig.builder().initialLimit(100).build());
        underHalf.onSample(4 * ms + 1, 0, false);
        underHalf.onSample(ms, 0, false); // now under half of 2 ms + ⅓ ns: the average drops 5%, to 1.9 ms
        // average 3.95 ms; gradient 0.9875; 80 + (98.75 + 10) × 0.2 = 101.75
        assertThat(underHalf.onSample(6 * ms, 100, false)).isEqualTo(101);
    }
}
