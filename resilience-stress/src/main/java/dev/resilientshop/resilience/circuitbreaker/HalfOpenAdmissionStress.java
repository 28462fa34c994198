package dev.resilientshop.resilience.circuitbreaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Half-open never admits more probes than permitted: two callers see the reset timeout
 * elapse at once (seed 002's "multiple probe requests hit the recovering service"). One of
 * them moves OPEN → HALF_OPEN, and of the two exactly one gets the single probe permit.
 */
@JCStressTest
@Description("Two callers after the reset timeout, one permitted probe: exactly one probe, one transition.")
@Outcome(
        id = {"1, 0, 1", "0, 1, 1"},
        expect = ACCEPTABLE,
        desc = "One probe admitted, one OPEN → HALF_OPEN.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Two probes for one permit.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "No probe, or not exactly one transition.")
@State
public class HalfOpenAdmissionStress {

    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = CircuitBreaker.of(
            "stress",
            CircuitBreakerConfig.builder().clock(clock).permittedProbes(1).build());

    public HalfOpenAdmissionStress() {
        breaker.forceOpen();
        clock.advance(Duration.ofSeconds(30)); // reset timeout elapsed for both callers
    }

    @Actor
    public void caller1(III_Result r) {
        r.r1 = breaker.tryAcquirePermission() != null ? 1 : 0;
    }

    @Actor
    public void caller2(III_Result r) {
        r.r2 = breaker.tryAcquirePermission() != null ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = (int) breaker.transitionCount(StateTransition.OPEN_TO_HALF_OPEN);
    }
}
