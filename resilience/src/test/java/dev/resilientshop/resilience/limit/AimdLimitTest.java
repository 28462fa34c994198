package dev.resilientshop.resilience.limit;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long MS = 1_000_000;

    private final ManualClock clock = new ManualClock();

    private AimdConfig.Builder config() {
        return AimdConfig.builder().clock(clock);
    }

    /** Seed 002's rule, sample by sample: no smoothing, the baseline is the fastest single call. */
    private AimdConfig.Builder perSample() {
        return config().rttSmoothing(1).baselineSmoothing(1);
    }

    /** 50 calls of 10 ms, one every 10 ms: the averages and the baseline have learned 10 ms. */
    private void healthy(Limit limit) {
        for (int i = 0; i < 50; i++) {
            clock.advance(ofMillis(10));
            limit.onSample(10 * MS, 1, false);
        }
    }

    @Test
    void halvesOnAnError() {
        Limit limit = Limit.aimd(config().initialLimit(80).build());
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(40); // seed 002: "from ~80 to ~40"
    }

    @Test
    void halvesWhenRttExceedsTwiceTheMinimum() {
        Limit limit = Limit.aimd(perSample().initialLimit(80).build());
        limit.onSample(12 * MS, 1, false); // minRTT = 12 ms
        assertThat(limit.onSample(24 * MS, 1, false)).isEqualTo(80); // 24 ms is not > 2 × 12 ms
        assertThat(limit.onSample(25 * MS, 1, false)).isEqualTo(40); // 25 ms > 24 ms: queueing
    }

    @Test
    void aFailedOneMicrosecondCallDoesNotLowerTheRttBaseline() {
        Limit limit = Limit.aimd(config().initialLimit(80).build());
        healthy(limit);
        int afterDrop = limit.onSample(1_000, 1, true); // connection refused in 1 µs: a drop, not a round trip
        for (int i = 0; i < 20; i++) {
            clock.advance(ofMillis(10));
            limit.onSample(10 * MS, 1, false); // the same healthy 10 ms: no queueing
        }
        assertThat(limit.limit()).isEqualTo(afterDrop);
        assertThat(((AimdLimit) limit).baselineNanos()).isEqualTo(10 * MS);
    }

    @Test
    void oneSlowCallAmongHealthyOnesIsNoiseNotQueueing() {
        Limit limit = Limit.aimd(config().initialLimit(80).build());
        healthy(limit);
        // 30 ms, 3 × the baseline: the quick average moves by a tenth of the gap, 10 → 12 ms < 2 × 10 ms
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(80);
        // a run of them is queueing: 30 − 20 × 0.9^n ms passes 20 ms at n = 7 (19.4 → 20.4)
        for (int n = 2; n <= 6; n++) {
            assertThat(limit.onSample(30 * MS, 1, false)).as("slow call %d", n).isEqualTo(80);
        }
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40);
    }

    @Test
    void queueingCutsAtMostOncePerRoundTrip() {
        Limit limit = Limit.aimd(config().initialLimit(80).build());
        healthy(limit); // baseline 10 ms
        for (int n = 1; n <= 6; n++) {
            limit.onSample(30 * MS, 1, false); // quick average 12 … 19.4 ms: not yet over 20 ms
        }
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40); // 20.4 ms: queueing
        // ten more slow calls complete in the same moment: one queue, one cut
        for (int i = 0; i < 10; i++) {
            assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40);
        }
        clock.advance(ofMillis(10)); // one baseline round trip later, still slow: cut again
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(20);
    }

    @Test
    void everyFailedCallCuts() {
        Limit limit = Limit.aimd(config().initialLimit(80).build());
        healthy(limit);
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(40);
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(20); // failures are explicit: each one counts
    }

    @Test
    void theBaselineRisesAgainAfterItsWindow() {
        Limit limit = Limit.aimd(
                perSample().initialLimit(80).baselineWindow(ofSeconds(30)).build());
        limit.onSample(10 * MS, 1, false); // baseline 10 ms
        clock.advance(ofSeconds(1));
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40); // 30 ms > 2 × 10 ms: queueing
        clock.advance(ofSeconds(30)); // the 10 ms sample has left the window
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40); // 30 ms is the new normal
        assertThat(((AimdLimit) limit).baselineNanos()).isEqualTo(30 * MS);
    }

    @Test
    void aSampleLeavesTheBaselineExactlyOneWindowAfterItsSlot() {
        AimdLimit limit =
                (AimdLimit) Limit.aimd(perSample().baselineWindow(ofSeconds(30)).build());
        limit.onSample(10 * MS, 1, false); // slot 0 of ten 3 s slots
        clock.advance(ofSeconds(29));
        assertThat(limit.baselineNanos()).isEqualTo(10 * MS); // slot 9: still inside
        clock.advance(ofSeconds(1)); // slot 10: slot 0 has left the window
        assertThat(limit.baselineNanos()).isEqualTo(WindowedMin.EMPTY);
    }

    @Test
    void resetForgetsTheBaselineAndTheLastCut() {
        AimdLimit limit = (AimdLimit) Limit.aimd(perSample().initialLimit(80).build());
        limit.onSample(10 * MS, 1, false); // baseline 10 ms
        clock.advance(ofSeconds(1));
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(40); // 30 ms > 2 × 10 ms: queueing
        limit.reset(); // e.g. the dependency was redeployed: what was learned of the old one is void
        assertThat(limit.limit()).isEqualTo(80);
        assertThat(limit.baselineNanos()).isEqualTo(WindowedMin.EMPTY);
        // 30 ms is the first sample of the new dependency: its baseline, not queueing
        assertThat(limit.onSample(30 * MS, 1, false)).isEqualTo(80);
        assertThat(limit.baselineNanos()).isEqualTo(30 * MS);
        // and the first queueing after the reset cuts at once, without waiting a round trip after the old cut
        assertThat(limit.onSample(61 * MS, 1, false)).isEqualTo(40);
    }

    @Test
    void aimdConfigDefaults() {
        AimdConfig config = AimdConfig.ofDefaults();
        assertThat(config.initialLimit()).isEqualTo(20);
        assertThat(config.minLimit()).isEqualTo(1);
        assertThat(config.maxLimit()).isEqualTo(200);
        assertThat(config.backoffRatio()).isEqualTo(0.5);
        assertThat(config.growWhenUsed()).isEqualTo(0.5);
        assertThat(config.queueingThreshold()).isEqualTo(2.0);
        assertThat(config.rttSmoothing()).isEqualTo(0.1);
        assertThat(config.baselineSmoothing()).isEqualTo(0.025);
        assertThat(config.baselineWindow()).isEqualTo(ofSeconds(30));
    }

    @Test
    void seedRuleGrowsByOneOnlyWhenTheLimitWasFullyUsed() {
        Limit limit = Limit.aimd(config().initialLimit(10)
                .growWhenUsed(AimdConfig.SEED_GROW_WHEN_USED)
                .build());
        assertThat(limit.onSample(10 * MS, 9, false)).isEqualTo(10); // 9 of 10 in flight: not grown
        assertThat(limit.onSample(10 * MS, 10, false)).isEqualTo(11);
    }

    @Test
    void defaultRuleGrowsByOneWhenAtLeastHalfWasUsed() {
        Limit limit = Limit.aimd(config().initialLimit(10).build()); // growWhenUsed 0.5, as Netflix's AIMDLimit
        assertThat(limit.onSample(10 * MS, 4, false)).isEqualTo(10); // 4 of 10: idle traffic does not inflate it
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(11); // 5 of 10: half used
    }

    @Test
    void netflixBackoffRatioCutsByATenth() {
        Limit limit = Limit.aimd(config().initialLimit(80)
                .backoffRatio(AimdConfig.NETFLIX_BACKOFF_RATIO)
                .build());
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(72); // 80 × 0.9
    }

    @Test
    void staysWithinFloorAndCeiling() {
        Limit limit =
                Limit.aimd(config().initialLimit(4).minLimit(3).maxLimit(5).build());
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(3); // 4 / 2 = 2, floored at 3
        limit.onSample(10 * MS, 3, false);
        limit.onSample(10 * MS, 4, false);
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(5);
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(5); // ceiling 5
    }

    @Test
    void configRefusesSettingsOutOfRange() {
        assertThatThrownBy(() -> config().growWhenUsed(0).build())
                .hasMessage("growWhenUsed must be in (0, 1], but was 0");
        assertThatThrownBy(() -> config().rttSmoothing(1.5).build())
                .hasMessage("rttSmoothing must be in (0, 1], but was 1.5");
        assertThatThrownBy(() -> config().baselineSmoothing(0).build())
                .hasMessage("baselineSmoothing must be in (0, 1], but was 0");
        assertThatThrownBy(() -> config().baselineWindow(ofSeconds(0)).build())
                .hasMessage("baselineWindow must be > 0, but was PT0S");
        assertThatThrownBy(() -> config().initialLimit(300).build())
                .hasMessage("initialLimit must be <= maxLimit 200, but was 300");
        assertThatThrownBy(() -> config().backoffRatio(1).build())
                .hasMessage("backoffRatio must be in (0, 0.99], but was 1");
        assertThatThrownBy(() -> config().queueingThreshold(1).build())
                .hasMessage("queueingThreshold must be in (1, 100], but was 1");
    }

    @Test
    void adaptiveLimiterIsAConcurrencyLimiterThatLearnsFromTokens() {
        AdaptiveLimiter limiter =
                AdaptiveLimiter.aimd("inventory", config().initialLimit(2).build());
        assertThat(limiter.name()).isEqualTo("inventory");
        var a = limiter.tryAcquire();
        var b = limiter.tryAcquire();
        assertThat(limiter.tryAcquire()).isNull(); // 2 in flight = limit
        a.onSuccess(10 * MS); // completed with 2 in flight = fully used → 3
        assertThat(limiter.limit()).isEqualTo(3);
        b.onError(10 * MS); // a drop → 3 / 2 = 1
        assertThat(limiter.limit()).isEqualTo(1);
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.rejectedCount()).isEqualTo(1);
    }
}
