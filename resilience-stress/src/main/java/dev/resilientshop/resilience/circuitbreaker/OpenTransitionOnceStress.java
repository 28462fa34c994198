package dev.resilientshop.resilience.circuitbreaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.resilientshop.resilience.core.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A state transition happens once: two failures race to trip a breaker that opens on the
 * first failure. {@code circuit_breaker_state_changes_total{to_state="open"}} (the series the
 * breaker alert watches) must move by one, and listeners must hear one event.
 */
@JCStressTest
@Description("Two threads race to open the breaker: exactly one CLOSED → OPEN, one event.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "One transition counted, one event published.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "The trip was lost or counted twice.")
@State
public class OpenTransitionOnceStress {

    private static final RuntimeException FAILURE = new RuntimeException("503");

    private final CircuitBreaker breaker = CircuitBreaker.of(
            "stress",
            CircuitBreakerConfig.builder()
                    .clock(new ManualClock())
                    .consecutiveFailureThreshold(1)
                    .build());
    private final AtomicInteger events = new AtomicInteger();

    public OpenTransitionOnceStress() {
        breaker.onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransitioned) {
                events.incrementAndGet();
            }
        });
    }

    @Actor
    public void failure1() {
        fail();
    }

    @Actor
    public void failure2() {
        fail();
    }

    private void fail() {
        Permit p = breaker.tryAcquirePermission();
        if (p != null) {
            p.onError(1, FAILURE);
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = (int) breaker.transitionCount(StateTransition.CLOSED_TO_OPEN);
        r.r2 = events.get();
    }
}
