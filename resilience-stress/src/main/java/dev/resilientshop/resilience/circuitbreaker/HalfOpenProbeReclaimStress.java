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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Half-open never admits more probes than permitted (issue 11, item 13): one probe slot whose
 * probe outlived its lease. Its late report races with a caller reclaiming the slot. Exactly
 * one may win: either the report counts (the breaker re-opens, no new probe) or the slot goes
 * to a new probe (the late report is ignored). Both at once is two probes from one slot.
 */
@JCStressTest
@Description("A late probe report and a lease reclaim of the same slot: exactly one wins.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The late report counted (re-opened); no second probe.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The slot was reclaimed; the late report was ignored.")
@Outcome(
        id = "1, 1",
        expect = FORBIDDEN,
        desc = "Two probes from one slot: the report counted and a new probe was admitted.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Neither: the slot is lost and half-open is stuck.")
@State
public class HalfOpenProbeReclaimStress {

    private static final RuntimeException FAILURE = new RuntimeException("probe timed out");

    private final ManualClock clock = new ManualClock();
    private final DefaultCircuitBreaker breaker = (DefaultCircuitBreaker) CircuitBreaker.of(
            "stress",
            CircuitBreakerConfig.builder()
                    .clock(clock)
                    .permittedProbes(1)
                    .probeLease(Duration.ofSeconds(10))
                    .build());
    private final Permit lateProbe;
    private final BreakerState halfOpen;

    public HalfOpenProbeReclaimStress() {
        breaker.forceOpen();
        clock.advance(Duration.ofSeconds(30)); // reset timeout elapsed → half-open
        lateProbe = breaker.tryAcquirePermission();
        halfOpen = breaker.current();
        clock.advance(Duration.ofSeconds(10)); // the probe's 10 s lease is over
    }

    @Actor
    public void lateReport() {
        lateProbe.onError(1, FAILURE);
    }

    @Actor
    public void reclaim(II_Result r) {
        r.r2 = halfOpen.tryAcquire() != null ? 1 : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = breaker.state() == dev.resilientshop.resilience.circuitbreaker.State.OPEN ? 1 : 0;
    }
}
