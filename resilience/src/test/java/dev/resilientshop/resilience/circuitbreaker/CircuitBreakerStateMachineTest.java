package dev.resilientshop.resilience.circuitbreaker;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent.StateTransitioned;
import dev.resilientshop.resilience.core.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CircuitBreakerStateMachineTest {

    private static final long TEN_MS = ofMillis(10).toNanos();

    private final ManualClock clock = new ManualClock();
    private final List<CircuitBreakerEvent> events = new ArrayList<>();

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        CircuitBreaker b =
                CircuitBreaker.of("recommendations", config.clock(clock).build());
        b.onEvent(events::add);
        return b;
    }

    private static void fail(CircuitBreaker b) {
        b.acquirePermission().onError(TEN_MS, new TimeoutException("timed out"));
    }

    private static void succeed(CircuitBreaker b) {
        b.acquirePermission().onSuccess(TEN_MS);
    }

    private CircuitBreaker openBreaker(int probes) {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().permittedProbes(probes));
        for (int i = 0; i < 5; i++) {
            fail(b);
        }
        assertThat(b.state()).isEqualTo(State.OPEN);
        return b;
    }

    @Test
    void opensAfterFiveConsecutiveTimeouts() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        assertThat(b.state()).isEqualTo(State.CLOSED); // 4 < 5, and 4 calls < minimumNumberOfCalls 20
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN);
        assertThat(events)
                .containsExactly(new StateTransitioned("recommendations", StateTransition.CLOSED_TO_OPEN, clock.now()));
    }

    @Test
    void aSuccessResetsTheConsecutiveFailureCount() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        succeed(b);
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        assertThat(b.state()).isEqualTo(State.CLOSED); // two runs of 4, never 5 in a row; 8/9 failed but 9 < 20 calls
    }

    @Test
    void opensWhenFailureRateReachesThresholdOnceMinimumCallsAreSeen() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .consecutiveFailureThreshold(1000)
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50));
        for (int i = 0; i < 4; i++) {
            succeed(b);
            fail(b);
        }
        succeed(b);
        assertThat(b.state()).isEqualTo(State.CLOSED); // 4 failures / 9 calls, below the 10-call minimum
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN); // 5 / 10 = 50% ≥ 50%
    }

    @Test
    void countWindowForgetsOutcomesOlderThanItsSize() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .consecutiveFailureThreshold(1000)
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50));
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        for (int i = 0; i < 10; i++) {
            succeed(b);
        }
        assertThat(b.windowTotals()).containsExactly(10, 0, 0); // the 4 failures were evicted by 10 successes
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        assertThat(b.state()).isEqualTo(State.CLOSED); // 4 / 10 = 40% < 50%
    }

    @Test
    void ignoredExceptionsNeverCount() {
        CircuitBreaker b =
                breaker(CircuitBreakerConfig.builder().ignoreException(e -> e instanceof IllegalArgumentException));
        for (int i = 0; i < 50; i++) {
            b.acquirePermission().onError(TEN_MS, new IllegalArgumentException("404 not found"));
        }
        assertThat(b.state()).isEqualTo(State.CLOSED);
        assertThat(b.windowTotals()).containsExactly(0, 0, 0);
    }

    @Test
    void slowSuccessesOpenTheBreakerOverTheSlowCallRate() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .countBasedWindow(10)
                .minimumNumberOfCalls(10)
                .slowCallDurationThreshold(ofSeconds(2))
                .slowCallRateThreshold(80));
        long slow = ofMillis(4800).toNanos(); // seed 002's 4.8 s query
        for (int i = 0; i < 3; i++) {
            succeed(b);
        }
        for (int i = 0; i < 7; i++) {
            b.acquirePermission().onSuccess(slow);
        }
        assertThat(b.state()).isEqualTo(State.CLOSED); // 7 / 10 slow = 70% < 80%
        b.acquirePermission().onSuccess(slow);
        assertThat(b.state()).isEqualTo(State.OPEN); // the oldest (fast) call evicted: 8 / 10 = 80% ≥ 80%
    }

    @Test
    void rejectsWhileOpenWithTheBreakersNameAndState() {
        CircuitBreaker b = openBreaker(1);
        clock.advance(ofSeconds(29)); // 29 s < reset timeout 30 s
        assertThat(b.tryAcquirePermission()).isNull();
        assertThatThrownBy(b::acquirePermission).isInstanceOfSatisfying(CallNotPermittedException.class, e -> {
            assertThat(e.breakerName()).isEqualTo("recommendations");
            assertThat(e.state()).isEqualTo(State.OPEN);
        });
        assertThat(b.rejectedCount()).isEqualTo(2);
    }

    @Test
    void halfOpenAdmitsOnlyThePermittedProbesAndClosesAfterTheirSuccess() {
        CircuitBreaker b = openBreaker(2);
        clock.advance(ofSeconds(30)); // reset timeout elapsed → half-open on the next call
        Permit first = b.tryAcquirePermission();
        Permit second = b.tryAcquirePermission();
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(b.tryAcquirePermission()).isNull(); // 2 probes permitted, the third caller is rejected
        first.onSuccess(TEN_MS);
        assertThat(b.state()).isEqualTo(State.HALF_OPEN); // 1 of 2 successes
        second.onSuccess(TEN_MS);
        assertThat(b.state()).isEqualTo(State.CLOSED);
        assertThat(b.transitionCount(StateTransition.HALF_OPEN_TO_CLOSED)).isEqualTo(1);
    }

    @Test
    void aFailingProbeReopensTheBreakerForAnotherResetTimeout() {
        CircuitBreaker b = openBreaker(1);
        clock.advance(ofSeconds(30));
        b.acquirePermission().onError(TEN_MS, new TimeoutException());
        assertThat(b.state()).isEqualTo(State.OPEN);
        clock.advance(ofSeconds(29));
        assertThat(b.tryAcquirePermission()).isNull(); // re-opened at t=30 s: 29 s later still open
        clock.advance(ofSeconds(1));
        assertThat(b.tryAcquirePermission()).isNotNull();
        assertThat(events)
                .filteredOn(StateTransitioned.class::isInstance)
                .extracting(e -> ((StateTransitioned) e).transition())
                .containsExactly(
                        StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN,
                        StateTransition.HALF_OPEN_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN);
    }

    @Test
    void aSlowProbeCountsAsAFailedProbe() {
        CircuitBreaker b = openBreaker(1);
        clock.advance(ofSeconds(30));
        b.acquirePermission().onSuccess(ofSeconds(3)); // 3 s > slowCallDurationThreshold 2 s
        assertThat(b.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aProbeNeverCompletedExpiresAfterItsLeaseSoHalfOpenDoesNotStick() {
        CircuitBreaker b = openBreaker(1);
        clock.advance(ofSeconds(30));
        Permit lost = b.acquirePermission(); // the caller swallows the outcome and never reports
        clock.advance(ofSeconds(9));
        assertThat(b.tryAcquirePermission()).isNull(); // lease 10 s not yet over
        clock.advance(ofSeconds(1));
        Permit replacement = b.tryAcquirePermission();
        assertThat(replacement).isNotNull(); // 10 s lease expired: the slot goes to a new probe
        lost.onError(TEN_MS, new TimeoutException("late"));
        assertThat(b.state()).isEqualTo(State.HALF_OPEN); // the expired probe's late report is ignored
        replacement.onSuccess(TEN_MS);
        assertThat(b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void anIgnoredOrCancelledProbeFreesItsSlotAtOnce() {
        CircuitBreaker b =
                breaker(CircuitBreakerConfig.builder().ignoreException(e -> e instanceof IllegalStateException));
        for (int i = 0; i < 5; i++) {
            fail(b);
        }
        clock.advance(ofSeconds(30));
        b.acquirePermission().onError(TEN_MS, new IllegalStateException("card declined"));
        b.acquirePermission().onIgnore();
        assertThat(b.tryAcquirePermission()).isNotNull(); // both slots were given back
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void timeBasedWindowRollsOldFailuresOut() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder()
                .timeBasedWindow(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .consecutiveFailureThreshold(1000));
        for (int i = 0; i < 4; i++) {
            fail(b); // t = 0 s: 4 failures
        }
        clock.advance(ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            succeed(b); // t = 5 s: 5 successes → 4 / 9
        }
        assertThat(b.windowTotals()).containsExactly(9, 4, 0);
        clock.advance(ofSeconds(6)); // t = 11 s: the t=0 bucket left the 10 s window
        assertThat(b.windowTotals()).containsExactly(5, 0, 0);
        for (int i = 0; i < 4; i++) {
            fail(b);
        }
        assertThat(b.state()).isEqualTo(State.CLOSED); // 4 / 9 < 50%; without rolling it would be 8 / 13 ≥ 50%
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN); // 5 / 10 = 50%
    }

    @Test
    void completionStageDecoratorCountsFailuresButIgnoresCancellation() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().consecutiveFailureThreshold(2));
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        b.decorateCompletionStage(() -> cancelled).get();
        cancelled.cancel(true); // e.g. the losing hedge
        CompletableFuture<String> failed = new CompletableFuture<>();
        b.decorateCompletionStage(() -> failed).get();
        failed.completeExceptionally(new TimeoutException());
        assertThat(b.windowTotals()).containsExactly(1, 1, 0); // 1 failure recorded, the cancellation not
        assertThat(b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void supplierDecoratorRethrowsAndRecords() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().consecutiveFailureThreshold(1));
        assertThatThrownBy(() -> b.decorateSupplier(() -> {
                            throw new IllegalStateException("503");
                        })
                        .get())
                .hasMessage("503");
        assertThat(b.state()).isEqualTo(State.OPEN);
    }

    @Test
    void resetAndForceOpenAreLegalTransitions() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        b.forceOpen();
        assertThat(b.state()).isEqualTo(State.OPEN);
        b.reset();
        assertThat(b.state()).isEqualTo(State.CLOSED);
        assertThatThrownBy(() -> StateTransition.between(State.CLOSED, State.HALF_OPEN))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetFromHalfOpenClosesDirectlyWithOneTransition() {
        CircuitBreaker b = openBreaker(1);
        clock.advance(ofSeconds(30)); // reset timeout elapsed → half-open
        assertThat(b.tryAcquirePermission()).isNotNull();
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
        events.clear();
        b.reset();
        assertThat(b.state()).isEqualTo(State.CLOSED);
        // the breaker alert watches to_state="open": an operator's reset must not look like a trip
        assertThat(events)
                .containsExactly(
                        new StateTransitioned("recommendations", StateTransition.HALF_OPEN_TO_CLOSED, clock.now()));
        assertThat(b.transitionCount(StateTransition.HALF_OPEN_TO_OPEN)).isZero();
        assertThat(b.transitionCount(StateTransition.OPEN_TO_CLOSED)).isZero();
    }

    @Test
    void configSaysWhatWasWrong() {
        assertThatThrownBy(() ->
                        CircuitBreakerConfig.builder().failureRateThreshold(120).build())
                .hasMessage("failureRateThreshold must be in (0, 100], but was 120");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder()
                        .resetTimeout(ofSeconds(0))
                        .build())
                .hasMessage("resetTimeout must be > 0, but was PT0S");
        assertThat(CircuitBreakerConfig.ofDefaults().resetTimeout()).isEqualTo(ofSeconds(30));
    }
}
