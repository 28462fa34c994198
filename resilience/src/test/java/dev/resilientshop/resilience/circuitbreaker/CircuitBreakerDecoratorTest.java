package dev.resilientshop.resilience.circuitbreaker;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent.CallRejected;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent.StateTransitioned;
import dev.resilientshop.resilience.core.LogCapture;
import dev.resilientshop.resilience.core.ManualClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The ways a caller uses a breaker besides permits: {@code call}, the three decorators, the
 * rejection event, the transition log line and the config's window bounds. Each decorator
 * measures the call on the config's clock (a slow success counts as slow), passes the result
 * or the very exception through, and reports exactly one outcome.
 */
class CircuitBreakerDecoratorTest {

    private final ManualClock clock = new ManualClock();

    /** Defaults (window 100, minimum 20 calls): nothing trips in these few calls, so the totals show every report. */
    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        clock.advance(ofHours(1)); // far from zero: a duration must be a difference of two readings
        return CircuitBreaker.of("recommendations", config.clock(clock).build());
    }

    @Test
    void callTimesTheCallableOnTheBreakersClockAndPassesResultAndCheckedExceptionThrough() throws Exception {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        assertThat(b.call(() -> {
                    clock.advance(ofMillis(10));
                    return "fast";
                }))
                .isEqualTo("fast");
        assertThat(b.windowTotals()).containsExactly(1, 0, 0);

        assertThat(b.decorateCallable(() -> {
                            clock.advance(ofSeconds(3)); // over the 2 s slow-call threshold: seed 002's slow query
                            return "slow";
                        })
                        .call())
                .isEqualTo("slow");
        assertThat(b.windowTotals()).containsExactly(2, 0, 1);

        IOException reset = new IOException("connection reset");
        assertThatThrownBy(() -> b.call(() -> {
                    throw reset;
                }))
                .isSameAs(reset);
        assertThat(b.windowTotals()).containsExactly(3, 1, 1); // a failure after 0 ms: failed, not slow
    }

    @Test
    void supplierDecoratorTimesASuccessAndAFailureOnTheBreakersClock() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        Supplier<String> fast = b.decorateSupplier(() -> {
            clock.advance(ofMillis(10));
            return "recs";
        });
        assertThat(fast.get()).isEqualTo("recs");
        assertThat(b.windowTotals()).containsExactly(1, 0, 0);
        Supplier<String> slow = b.decorateSupplier(() -> {
            clock.advance(ofSeconds(3));
            return "recs";
        });
        assertThat(slow.get()).isEqualTo("recs");
        assertThat(b.windowTotals()).containsExactly(2, 0, 1);

        IllegalStateException down = new IllegalStateException("503");
        assertThatThrownBy(() -> b.decorateSupplier(() -> {
                            throw down;
                        })
                        .get())
                .isSameAs(down);
        assertThat(b.windowTotals()).containsExactly(3, 1, 1); // the failure took 0 ms: not slow
    }

    @Test
    void completionStageDecoratorCountsASupplierThatThrowsAndTimesTheStage() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        IllegalStateException refused = new IllegalStateException("client closed");
        assertThatThrownBy(() -> b.decorateCompletionStage(() -> {
                            throw refused;
                        })
                        .get())
                .isSameAs(refused);
        assertThat(b.windowTotals()).containsExactly(1, 1, 0);

        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletionStage<String> stage = b.decorateCompletionStage(() -> answer).get();
        clock.advance(ofSeconds(3));
        answer.complete("recs");
        assertThat(stage.toCompletableFuture()).isCompletedWithValue("recs");
        assertThat(b.windowTotals()).containsExactly(2, 1, 1); // a success 3 s after the call started: slow
    }

    @Test
    void completionStageDecoratorLooksThroughTheCompletionExceptionOfADependentStage() {
        // a dependent stage (thenApply) fails with CompletionException(cause): the breaker must judge the cause
        CircuitBreaker b =
                breaker(CircuitBreakerConfig.builder().ignoreException(e -> e instanceof IllegalArgumentException));

        CompletableFuture<String> notFound = new CompletableFuture<>();
        b.decorateCompletionStage(() -> notFound.thenApply(s -> s)).get();
        notFound.completeExceptionally(new IllegalArgumentException("404")); // ignored by the config
        assertThat(b.windowTotals()).containsExactly(0, 0, 0);

        CompletableFuture<String> loser = new CompletableFuture<>();
        b.decorateCompletionStage(() -> loser.thenApply(s -> s)).get();
        loser.cancel(true); // a hedging loser, seen through thenApply: not a failure
        assertThat(b.windowTotals()).containsExactly(0, 0, 0);

        CompletableFuture<String> down = new CompletableFuture<>();
        b.decorateCompletionStage(() -> down.thenApply(s -> s)).get();
        down.completeExceptionally(new TimeoutException());
        assertThat(b.windowTotals()).containsExactly(1, 1, 0);

        CompletableFuture<String> bare = new CompletableFuture<>();
        b.decorateCompletionStage(() -> bare).get();
        bare.completeExceptionally(new CompletionException((Throwable) null)); // no cause to look at: still a failure
        assertThat(b.windowTotals()).containsExactly(2, 2, 0);
    }

    @Test
    void aPermitReportedWithADurationCountsLikeOneReportedInNanoseconds() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        b.acquirePermission().onSuccess(ofMillis(10));
        b.acquirePermission().onError(ofSeconds(3), new TimeoutException()); // failed, and slow
        assertThat(b.windowTotals()).containsExactly(2, 1, 1);
    }

    @Test
    void aCancelledProbeStageGivesItsProbeSlotBack() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().consecutiveFailureThreshold(1));
        b.acquirePermission().onError(1, new TimeoutException());
        clock.advance(ofSeconds(30));
        CompletableFuture<String> probe = new CompletableFuture<>();
        b.decorateCompletionStage(() -> probe).get(); // takes the only probe slot
        assertThat(b.tryAcquirePermission()).isNull();
        probe.cancel(true); // the caller gave up: says nothing about the dependency
        assertThat(b.tryAcquirePermission())
                .as("the slot was given back at once, not after the 10 s lease")
                .isNotNull();
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void ofDefaultsIsAClosedBreakerWithTheSeedsSettings() {
        CircuitBreaker b = CircuitBreaker.ofDefaults("inventory");
        assertThat(b.name()).isEqualTo("inventory");
        assertThat(b.state()).isEqualTo(State.CLOSED);
        CircuitBreakerConfig c = b.config();
        assertThat(c.failureRateThreshold()).isEqualTo(50);
        assertThat(c.slowCallRateThreshold()).isEqualTo(100);
        assertThat(c.slowCallDurationThreshold()).isEqualTo(ofSeconds(2));
        assertThat(c.windowType()).isEqualTo(CircuitBreakerConfig.WindowType.COUNT_BASED);
        assertThat(c.windowSize()).isEqualTo(100);
        assertThat(c.minimumNumberOfCalls()).isEqualTo(20);
        assertThat(c.consecutiveFailureThreshold()).isEqualTo(5);
        assertThat(c.resetTimeout()).isEqualTo(ofSeconds(30));
        assertThat(c.permittedProbes()).isEqualTo(1);
        assertThat(c.probeLease()).isEqualTo(ofSeconds(10));
    }

    @Test
    void aRefusedCallIsPublishedWithTheStateThatRefusedIt() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().consecutiveFailureThreshold(1));
        List<CircuitBreakerEvent> events = new ArrayList<>();
        b.onEvent(events::add);
        b.acquirePermission().onError(1, new TimeoutException());
        assertThat(b.tryAcquirePermission()).isNull();
        clock.advance(ofSeconds(30));
        Permit probe = b.acquirePermission();
        assertThat(b.tryAcquirePermission()).isNull(); // the only probe slot is taken
        assertThat(probe).isNotNull();
        assertThat(events)
                .filteredOn(CallRejected.class::isInstance)
                .containsExactly(
                        new CallRejected(
                                "recommendations", State.OPEN, clock.now().minusSeconds(30)),
                        new CallRejected("recommendations", State.HALF_OPEN, clock.now()));
        assertThat(b.rejectedCount()).isEqualTo(2);
    }

    @Test
    void forcingAnOpenBreakerOpenAgainChangesNothing() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        b.forceOpen();
        clock.advance(ofSeconds(20));
        b.forceOpen(); // a drill pressing twice: no second trip, and the reset timeout keeps running from the first
        assertThat(b.transitionCount(StateTransition.CLOSED_TO_OPEN)).isEqualTo(1);
        clock.advance(ofSeconds(10));
        assertThat(b.tryAcquirePermission()).isNotNull();
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void everyTransitionWritesTheDocumentedLogLine() {
        try (LogCapture log = LogCapture.of(CircuitBreaker.class)) {
            CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
            List<StateTransitioned> events = new ArrayList<>();
            b.onEvent(e -> {
                if (e instanceof StateTransitioned t) {
                    events.add(t);
                }
            });
            b.forceOpen();
            b.reset();
            assertThat(log.messages())
                    .containsExactly(
                            "circuit_breaker_transition breaker=recommendations from_state=closed to_state=open at="
                                    + clock.now(),
                            "circuit_breaker_transition breaker=recommendations from_state=open to_state=closed at="
                                    + clock.now());
            assertThat(events)
                    .extracting(StateTransitioned::transition)
                    .containsExactly(StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_CLOSED);
        }
    }

    @Test
    void theLargestWindowDependsOnItsType() {
        // a million calls in a count window, an hour of seconds in a time window
        assertThat(CircuitBreakerConfig.builder()
                        .countBasedWindow(CountWindow.MAX_SIZE)
                        .minimumNumberOfCalls(1)
                        .build()
                        .windowSize())
                .isEqualTo(1_048_575);
        assertThatThrownBy(() -> CircuitBreakerConfig.builder()
                        .countBasedWindow(CountWindow.MAX_SIZE + 1)
                        .build())
                .hasMessage("windowSize must be <= 1048575 for COUNT_BASED, but was 1048576");
        assertThat(CircuitBreakerConfig.builder().timeBasedWindow(3600).build().windowSize())
                .isEqualTo(3600);
        assertThatThrownBy(() ->
                        CircuitBreakerConfig.builder().timeBasedWindow(3601).build())
                .hasMessage("windowSize must be <= 3600 for TIME_BASED, but was 3601");
    }

    @Test
    void itsStringNamesTheBreakerAndItsCurrentState() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        assertThat(b).hasToString("CircuitBreaker[recommendations, CLOSED]"); // what a log line or a debugger shows
        b.forceOpen();
        assertThat(b).hasToString("CircuitBreaker[recommendations, OPEN]");
    }
}
