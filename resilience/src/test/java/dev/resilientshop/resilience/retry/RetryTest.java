package dev.resilientshop.resilience.retry;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.RandomSource;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    record HttpStatus(int status) implements StatusCarrier {}

    static final class HttpFailure extends RuntimeException implements StatusCarrier {
        private final int status;

        HttpFailure(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Deadline generous = Deadline.none(clock);

    private Retry retry(RetryConfig.Builder config) {
        return Retry.of("pricing", config.random(RandomSource.seeded(42)).build(), scheduler);
    }

    @Test
    void retriesTransientFailuresUntilSuccess() throws Exception {
        Retry retry = retry(RetryConfig.builder());
        AtomicInteger requests = new AtomicInteger();
        String result = retry.call(generous, () -> {
            if (requests.incrementAndGet() < 3) {
                throw new HttpFailure(503);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(requests).hasValue(3); // 1 call = 1 attempt + 2 retries = 3 requests at the stub
        assertThat(retry.firstAttempts()).isEqualTo(1);
        assertThat(retry.retries()).isEqualTo(2);
    }

    @Test
    void neverRetriesA4xx() {
        Retry retry = retry(RetryConfig.builder());
        AtomicInteger requests = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(generous, () -> {
                    requests.incrementAndGet();
                    throw new HttpFailure(404);
                }))
                .isInstanceOf(HttpFailure.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void defaultClassifierRetries5xxTimeoutsAndConnectErrorsOnly() {
        FailureClassifier c = FailureClassifier.defaults();
        assertThat(c.isRetryable(new HttpFailure(502))).isTrue();
        assertThat(c.isRetryable(new HttpFailure(429))).isFalse();
        assertThat(c.isRetryable(new HttpFailure(400))).isFalse();
        assertThat(c.isRetryable(new ConnectException("refused"))).isTrue();
        assertThat(c.isRetryable(DeadlineExceededException.callTimedOut("pricing", ofMillis(200))))
                .isTrue();
        assertThat(c.isRetryable(DeadlineExceededException.budgetExhausted("pricing")))
                .isFalse();
        assertThat(c.isRetryable(new java.util.concurrent.CompletionException(new HttpFailure(500))))
                .isTrue();
        assertThat(c.isRetryable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void fullJitterDelaysStayWithinTheCappedExponential() {
        RetryConfig config = RetryConfig.builder()
                .baseDelay(ofMillis(100))
                .multiplier(2)
                .maxDelay(ofSeconds(30))
                .random(RandomSource.seeded(7))
                .build();
        for (int call = 0; call < 200; call++) {
            Backoff backoff = new Backoff(config);
            for (int retry = 1; retry <= 10; retry++) {
                long cap = Math.min(30_000_000_000L, 100_000_000L << (retry - 1)); // 100 ms × 2^(n−1), capped at 30 s
                assertThat(backoff.delayNanos(retry)).isBetween(0L, cap);
            }
        }
    }

    @Test
    void jitterIsAppliedAfterTheCapSoClientsAtTheCapStaySpread() {
        RetryConfig config = RetryConfig.builder()
                .baseDelay(ofSeconds(1))
                .multiplier(10)
                .maxDelay(ofSeconds(30))
                .random(RandomSource.seeded(3))
                .build();
        Set<Long> secondsAtCap = new HashSet<>();
        long max = 0;
        for (int client = 0; client < 100; client++) {
            long d = new Backoff(config).delayNanos(5); // 1 s × 10^4 = 10,000 s, far past the 30 s cap
            secondsAtCap.add(d / 1_000_000_000L);
            max = Math.max(max, d);
        }
        assertThat(max).isLessThan(ofSeconds(30).toNanos());
        // randomise-then-cap would put all 100 clients at exactly 30 s; here they spread over [0, 30) s
        assertThat(secondsAtCap).hasSizeGreaterThan(20);
    }

    @Test
    void decorrelatedJitterStaysBetweenBaseAndTheCap() {
        RetryConfig config = RetryConfig.builder()
                .jitter(Jitter.DECORRELATED)
                .baseDelay(ofMillis(100))
                .maxDelay(ofSeconds(2))
                .random(RandomSource.seeded(11))
                .build();
        Backoff backoff = new Backoff(config);
        for (int retry = 1; retry <= 10; retry++) {
            assertThat(backoff.delayNanos(retry))
                    .isBetween(ofMillis(100).toNanos(), ofSeconds(2).toNanos());
        }
    }

    @Test
    void maxDelayAboveThirtySecondsIsRefused() {
        assertThatThrownBy(() -> RetryConfig.builder().maxDelay(ofSeconds(31)).build())
                .hasMessage("maxDelay must be <= PT30S, but was PT31S");
    }

    @Test
    void budgetStopsARetryStorm() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .baseDelay(ofMillis(1))
                .maxDelay(ofMillis(1))
                .budget(0.1, 10));
        AtomicInteger requests = new AtomicInteger();
        for (int call = 0; call < 1_000; call++) {
            try {
                retry.call(generous, () -> {
                    requests.incrementAndGet();
                    throw new HttpFailure(503); // the dependency is down
                });
            } catch (Exception expected) {
                // every call fails
            }
        }
        // without a budget: 1,000 × 3 = 3,000 requests; with it: ≤ 1,000 + 10 reserve + 0.1 × 1,000 = 1,110
        assertThat(requests.get()).isLessThanOrEqualTo(1_110).isGreaterThan(1_000);
        assertThat(retry.budgetRejections()).isGreaterThan(800);
    }

    /**
     * Attempts at t=0 and t=100 ms; the next backoff (200 ms) would end at 300 ms: past a 250 ms
     * deadline, and exactly at a 300 ms one, where it would wake with nothing left. Both stop.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "deadline {0} ms")
    @org.junit.jupiter.params.provider.ValueSource(ints = {250, 300})
    void stopsEarlyInsteadOfSleepingPastTheDeadlineOrUpToIt(int deadlineMillis) {
        Retry retry =
                retry(RetryConfig.builder().maxAttempts(5).jitter(Jitter.NONE).baseDelay(ofMillis(100)));
        Deadline deadline = Deadline.after(ofMillis(deadlineMillis), clock);
        AtomicInteger requests = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(deadline, () -> {
                    requests.incrementAndGet();
                    throw new HttpFailure(503);
                }))
                .isInstanceOf(HttpFailure.class);
        assertThat(requests).hasValue(2);
        assertThat(clock.nanoTime()).isEqualTo(ofMillis(100).toNanos());
    }

    @Test
    void asyncRetryWaitsOnTheSchedulerWithoutBlockingAThread() {
        Retry retry = retry(RetryConfig.builder().jitter(Jitter.NONE).baseDelay(ofMillis(100)));
        List<Long> attemptTimesMillis = new ArrayList<>();
        CompletableFuture<String> result = retry.callAsync(generous, () -> {
            attemptTimesMillis.add(clock.nanoTime() / 1_000_000);
            return attemptTimesMillis.size() < 3
                    ? CompletableFuture.failedFuture(new HttpFailure(503))
                    : CompletableFuture.completedFuture("ok");
        });
        // callAsync returned on this thread with the retry pending on the scheduler
        assertThat(result).isNotDone();
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        scheduler.advance(ofMillis(99));
        assertThat(attemptTimesMillis).containsExactly(0L);
        scheduler.advance(ofMillis(1_000));
        assertThat(result).isCompletedWithValue("ok");
        assertThat(attemptTimesMillis).containsExactly(0L, 100L, 300L); // backoffs 100 ms, then 200 ms
    }

    @Test
    void asyncRetryFailsWithTheLastFailureWhenAttemptsRunOut() {
        Retry retry = retry(RetryConfig.builder().maxAttempts(2));
        CompletableFuture<String> result =
                retry.callAsync(generous, () -> CompletableFuture.failedFuture(new HttpFailure(500)));
        scheduler.advance(ofSeconds(1));
        assertThat(result).isCompletedExceptionally();
        assertThat(retry.retries()).isEqualTo(1);
    }
}
