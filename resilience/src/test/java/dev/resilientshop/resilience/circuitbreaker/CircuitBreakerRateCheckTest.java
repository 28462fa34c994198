package dev.resilientshop.resilience.circuitbreaker;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * When the rates are checked. Every record that changes the window can be the one that
 * crosses a threshold, successes included: a success that brings the window up to
 * {@code minimumNumberOfCalls} turns "too few calls to judge" into a verdict.
 */
class CircuitBreakerRateCheckTest {

    private static final long TEN_MS = ofMillis(10).toNanos();
    private static final long SLOW = ofMillis(4800).toNanos(); // seed 002's 4.8 s query

    private final ManualClock clock = new ManualClock();

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        return CircuitBreaker.of(
                "inventory",
                config.clock(clock).consecutiveFailureThreshold(1000).build());
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            b.acquirePermission().onError(TEN_MS, new TimeoutException("timed out"));
        }
    }

    private static void succeed(CircuitBreaker b, int times, long durationNanos) {
        for (int i = 0; i < times; i++) {
            b.acquirePermission().onSuccess(durationNanos);
        }
    }

    @Test
    void opensWhenASuccessBringsACountWindowToTheMinimumAboveTheFailureRate() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50));
        fail(b, 6); // 6 calls < minimum 10: no verdict yet
        succeed(b, 3, TEN_MS);
        assertThat(b.state()).isEqualTo(State.CLOSED); // 9 calls, still below the minimum
        succeed(b, 1, TEN_MS);
        assertThat(b.state()).isEqualTo(State.OPEN); // the 10th call: 6 / 10 = 60% ≥ 50%
    }

    @Test
    void opensWhenTheFailureHeavyPatternRepeatsInAFullCountWindow() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50));
        for (int round = 0; round < 3 && b.state() == State.CLOSED; round++) {
            fail(b, 6); // from round 2 on, each failure evicts a failure: the rate stays at 60%
            succeed(b, 4, TEN_MS);
        }
        assertThat(b.state()).isEqualTo(State.OPEN); // 60% of every full window failed
    }

    @Test
    void opensWhenAFastSuccessBringsACountWindowToTheMinimumAboveTheSlowCallRate() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .slowCallRateThreshold(50));
        succeed(b, 6, SLOW);
        succeed(b, 4, TEN_MS);
        assertThat(b.state()).isEqualTo(State.OPEN); // 6 slow / 10 calls = 60% ≥ 50%
    }

    @Test
    void opensWhenASuccessBringsATimeWindowToTheMinimumAboveTheFailureRate() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .timeBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50));
        fail(b, 6);
        clock.advance(ofSeconds(1));
        succeed(b, 4, TEN_MS);
        assertThat(b.state()).isEqualTo(State.OPEN); // 6 / 10 within the last 10 s = 60%
    }

    @Test
    void opensWhenAFastSuccessBringsATimeWindowToTheMinimumAboveTheSlowCallRate() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .timeBasedWindow(10)
                .minimumNumberOfCalls(10)
                .slowCallRateThreshold(50));
        succeed(b, 6, SLOW);
        succeed(b, 4, TEN_MS);
        assertThat(b.state()).isEqualTo(State.OPEN); // 6 slow / 10 = 60%
    }

    @Test
    void aMinimumLargerThanTheCountWindowIsRejectedBecauseTheRatesCouldNeverTrip() {
        // a window of 10 calls never holds 20: the rate trips would be silently disabled
        assertThatThrownBy(() -> CircuitBreakerConfig.builder()
                        .countBasedWindow(10)
                        .minimumNumberOfCalls(20)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumNumberOfCalls must be <= windowSize (10) for a COUNT_BASED window, but was 20");
    }

    @Test
    void aMinimumLargerThanATimeWindowInSecondsIsFine() {
        // 10 seconds can hold any number of calls
        assertThat(CircuitBreakerConfig.builder()
                        .timeBasedWindow(10)
                        .minimumNumberOfCalls(20)
                        .build()
                        .minimumNumberOfCalls())
                .isEqualTo(20);
    }
}
