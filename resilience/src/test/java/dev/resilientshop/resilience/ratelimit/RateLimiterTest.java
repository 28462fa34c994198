package dev.resilientshop.resilience.ratelimit;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.ManualClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock();
    private final RateLimiter limiter =
            RateLimiter.of("api", RateLimiterConfig.builder().clock(clock).build());

    @Test
    void allowsABurstOfCapacityThenRefillsAtTheRate() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("client-a").allowed()).isTrue(); // 100-token burst
        }
        RateLimiter.Decision refused = limiter.tryAcquire("client-a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(ofMillis(100)); // 1 token at 10/s = 100 ms
        assertThat(refused.retryAfterSeconds()).isEqualTo(1); // Retry-After rounds up
        clock.advance(ofMillis(250)); // 0.25 s × 10/s = 2.5 tokens
        assertThat(limiter.tryAcquire("client-a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("client-a").allowed()).isTrue();
        RateLimiter.Decision third = limiter.tryAcquire("client-a");
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isEqualTo(ofMillis(50)); // 0.5 token left: half a token to go
        assertThat(limiter.rejectedCount()).isEqualTo(2);
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("greedy");
        }
        assertThat(limiter.tryAcquire("greedy").allowed()).isFalse();
        assertThat(limiter.tryAcquire("polite").allowed()).isTrue();
    }

    @Test
    void memoryStaysBoundedWithManyKeys() {
        RateLimiter small = RateLimiter.of(
                "api", RateLimiterConfig.builder().maxKeys(1_000).clock(clock).build());
        for (int i = 0; i < 50_000; i++) {
            small.tryAcquire("ip-" + i);
            clock.advance(ofMillis(1));
        }
        assertThat(small.trackedKeys()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void evictionPrefersFullBucketsSoActiveClientsKeepTheirState() {
        RateLimiter small = RateLimiter.of(
                "api", RateLimiterConfig.builder().maxKeys(10).clock(clock).build());
        for (int i = 0; i < 100; i++) {
            small.tryAcquire("abuser"); // drains its bucket
        }
        clock.advance(ofSeconds(1)); // abuser refills 10 of 100 tokens: not full
        for (int i = 0; i < 20; i++) {
            small.tryAcquire("visitor-" + i); // 99 tokens left each: not full either until 0.1 s passes
            clock.advance(ofMillis(200)); // each visitor's bucket is full again 0.1 s later
        }
        // not forgotten: drained to 0 at t = 0, refilled 10/s for 1 s + 20 × 0.2 s = 5 s → 50 tokens,
        // minus this call = 49. Forgotten and re-created it would get a fresh burst: 100 − 1 = 99.
        assertThat(small.tryAcquire("abuser").remaining()).isEqualTo(49);
    }

    @Test
    void resetGivesEveryClientAFullBurstAgain() {
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("greedy");
        }
        assertThat(limiter.tryAcquire("greedy").allowed()).isFalse();
        limiter.reset(); // no time has passed: only the reset refills
        assertThat(limiter.trackedKeys()).isZero();
        RateLimiter.Decision next = limiter.tryAcquire("greedy");
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(99);
    }

    @Test
    void defaultsAreSeed003sBurstOf100RefilledAt10PerSecondOnTheSystemClock() {
        RateLimiterConfig defaults = RateLimiterConfig.ofDefaults();
        assertThat(defaults.capacity()).isEqualTo(100);
        assertThat(defaults.refillPerSecond()).isEqualTo(10.0);
        assertThat(defaults.maxKeys()).isEqualTo(10_000);
        assertThat(defaults.clock()).isSameAs(Clock.system());

        RateLimiter api = RateLimiter.ofDefaults("api");
        assertThat(api.name()).isEqualTo("api");
        // a new key starts with the whole burst, whatever the real clock does meanwhile (it is capped)
        assertThat(api.tryAcquire("client").remaining()).isEqualTo(99);
        assertThat(api.trackedKeys()).isEqualTo(1);
    }
}
