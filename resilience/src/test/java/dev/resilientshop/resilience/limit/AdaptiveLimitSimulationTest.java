package dev.resilientshop.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's AIMD against a simulated dependency of capacity C (10 ms service time, FIFO queue
 * beyond C). What "settles" means here, measured: the instantaneous limit is a sawtooth (it
 * grows +1 per round trip until the queue doubles the RTT at about 2C, then halves once per slow
 * sample, down to a fraction of C), and its time average is what lands near C.
 */
class AdaptiveLimitSimulationTest {

    private static AdaptiveLimiter aimd() {
        return AdaptiveLimiter.aimd("inventory", AimdConfig.builder().initialLimit(5).maxLimit(1_000).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 40, 80})
    void aimdLimitAveragesWithinTwentyPercentOfCapacityAfterTenSeconds(int capacity) {
        int[] trace = new SimulatedDependency(capacity, 10).run(aimd(), 30_000);
        double settled = SimulatedDependency.mean(trace, 10_000, 30_000);
        // measured: ≈ 1.1 × C for C = 20, 40, 80; the bound is C ± 20%
        assertThat(settled).isBetween(0.8 * capacity, 1.2 * capacity);
        // the sawtooth never runs away: the 2 × minRTT trigger fires by the time 2C are in flight (+1 in flight per RTT)
        assertThat(Arrays.stream(trace, 10_000, 30_000).max().getAsInt()).isLessThanOrEqualTo(2 * capacity + 5);
    }

    @Test
    void aimdHalvesOnALatencySpikeAndRegrowsAfterIt() {
        int capacity = 40;
        AdaptiveLimiter limiter = aimd();
        SimulatedDependency inventory = new SimulatedDependency(capacity, 10);
        inventory.run(limiter, 20_000);
        int beforeSpike = limiter.limit();
        inventory.serviceMs(50); // seed 002's replica slowdown: RTT ×5
        int[] spike = inventory.run(limiter, 2_000);
        // the first 50 ms sample is > 2 × 10 ms minRTT: halve (and halve again for each slow sample)
        assertThat(Arrays.stream(spike, 0, 100).min().getAsInt()).isLessThanOrEqualTo(beforeSpike / 2);
        inventory.serviceMs(10); // ANALYZE ran: the replica is fast again
        int[] recovery = inventory.run(limiter, 20_000);
        assertThat(SimulatedDependency.mean(recovery, 5_000, 20_000)).isBetween(0.8 * capacity, 1.2 * capacity);
    }

    @Test
    void gradientLimitShrinksWhenShortTermRttRisesAboveTheLongTermAverage() {
        Limit limit = Limit.gradient(GradientConfig.builder().initialLimit(50).build());
        long ms = 1_000_000;
        for (int i = 0; i < 100; i++) {
            limit.onSample(10 * ms, 50, false); // steady 10 ms at full use: grows by about √limit × smoothing per sample
        }
        int healthy = limit.limit();
        for (int i = 0; i < 20; i++) {
            limit.onSample(40 * ms, healthy, false); // 40 ms vs a ~10 ms long-term average: gradient 1.5 × 10 / 40 → 0.5
        }
        assertThat(limit.limit()).isLessThan(healthy * 3 / 4);
    }

    @Test
    void gradientLimitDoesNotGrowWhenLessThanHalfIsUsed() {
        Limit limit = Limit.gradient(GradientConfig.builder().initialLimit(50).build());
        for (int i = 0; i < 100; i++) {
            limit.onSample(10_000_000, 10, false); // 10 of 50 in flight: app-limited, says nothing about capacity
        }
        assertThat(limit.limit()).isEqualTo(50);
    }
}
