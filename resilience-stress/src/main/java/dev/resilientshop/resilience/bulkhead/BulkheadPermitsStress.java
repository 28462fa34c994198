package dev.resilientshop.resilience.bulkhead;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Bulkhead permits are conserved: a one-slot bulkhead with one call in flight. One thread
 * finishes that call and starts another (held); a second thread calls and finishes at the same
 * time. r1, r2: who was admitted. r3: in flight equals the calls still held. r4: in flight
 * after everything finished. One slot, so never two in at once; a lost permit shows as "0, 0"
 * (the second thread refused while nobody held the slot) or r4 > 0.
 */
@JCStressTest
@Description("Bulkhead of 1: release-then-acquire races acquire-then-release; permits neither lost nor created.")
@Outcome(
        id = {"1, 0, 1, 0", "1, 1, 1, 0", "0, 1, 1, 0"},
        expect = ACCEPTABLE,
        desc = "Permits conserved.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "A permit was lost or created.")
@State
public class BulkheadPermitsStress {

    private final Bulkhead bulkhead = Bulkhead.of("stress", BulkheadConfig.ofMaxConcurrentCalls(1));
    private final ConcurrencyLimiter.Token first;
    private ConcurrencyLimiter.Token held;

    public BulkheadPermitsStress() {
        first = bulkhead.tryAcquire();
    }

    @Actor
    public void finishThenCall(IIII_Result r) {
        first.onSuccess(1);
        held = bulkhead.tryAcquire();
        r.r1 = held != null ? 1 : 0;
    }

    @Actor
    public void callAndFinish(IIII_Result r) {
        ConcurrencyLimiter.Token t = bulkhead.tryAcquire();
        r.r2 = t != null ? 1 : 0;
        if (t != null) {
            t.onSuccess(1);
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = bulkhead.inFlight() == (held != null ? 1 : 0) ? 1 : 0;
        if (held != null) {
            held.onSuccess(1);
        }
        r.r4 = bulkhead.inFlight();
    }
}
