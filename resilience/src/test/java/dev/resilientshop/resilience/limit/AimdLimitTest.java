package dev.resilientshop.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long MS = 1_000_000;

    @Test
    void halvesOnAnError() {
        Limit limit = Limit.aimd(AimdConfig.builder().initialLimit(80).build());
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(40); // seed 002: "from ~80 to ~40"
    }

    @Test
    void halvesWhenRttExceedsTwiceTheMinimum() {
        Limit limit = Limit.aimd(AimdConfig.builder().initialLimit(80).build());
        limit.onSample(12 * MS, 1, false); // minRTT = 12 ms
        assertThat(limit.onSample(24 * MS, 1, false)).isEqualTo(80); // 24 ms is not > 2 × 12 ms
        assertThat(limit.onSample(25 * MS, 1, false)).isEqualTo(40); // 25 ms > 24 ms: queueing
    }

    @Test
    void growsByOneOnlyWhenTheLimitWasFullyUsed() {
        Limit limit = Limit.aimd(AimdConfig.builder().initialLimit(10).build());
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(10); // 5 of 10 in flight: idle traffic does not inflate it
        assertThat(limit.onSample(10 * MS, 10, false)).isEqualTo(11);
    }

    @Test
    void staysWithinFloorAndCeiling() {
        Limit limit = Limit.aimd(AimdConfig.builder().initialLimit(4).minLimit(3).maxLimit(5).build());
        assertThat(limit.onSample(10 * MS, 1, true)).isEqualTo(3); // 4 / 2 = 2, floored at 3
        limit.onSample(10 * MS, 3, false);
        limit.onSample(10 * MS, 4, false);
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(5);
        assertThat(limit.onSample(10 * MS, 5, false)).isEqualTo(5); // ceiling 5
    }

    @Test
    void adaptiveLimiterIsAConcurrencyLimiterThatLearnsFromTokens() {
        AdaptiveLimiter limiter = AdaptiveLimiter.aimd("inventory", AimdConfig.builder().initialLimit(2).build());
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
