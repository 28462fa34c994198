package dev.resilientshop.resilience.circuitbreaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * Count-window totals are never negative and never above the window (issue 11, item 4). A
 * one-call window holding a success; one thread records a failure, the other a success, and
 * each reads the totals right after. The failure can be evicted by the other thread before
 * it was counted: if the eviction is subtracted first, the packed failures field borrows and
 * reads as ~2 million (2^21 − 1), and the breaker opens on a healthy dependency.
 */
@JCStressTest
@Description("One-call window: concurrent failure and success; totals read by each stay within [0, 1].")
@Outcome(
        id = {"1, 0, 1, 0", "1, 1, 1, 0", "1, 0, 1, 1", "1, 1, 1, 1"},
        expect = ACCEPTABLE,
        desc = "One call in the window, 0 or 1 of it failed.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "Totals outside the window: negative, borrowed or above it.")
@State
public class CountWindowTotalsStress {

    private final CountWindow window = new CountWindow(CircuitBreakerConfig.builder()
            .countBasedWindow(1)
            .minimumNumberOfCalls(1)
            .build());

    public CountWindowTotalsStress() {
        window.recordAndCheck(Window.SUCCESS);
    }

    @Actor
    public void failure(JJJJ_Result r) {
        window.recordAndCheck(Window.FAILURE);
        long[] t = window.totals();
        r.r1 = t[0];
        r.r2 = t[2] == 0 ? t[1] : -1;
    }

    @Actor
    public void success(JJJJ_Result r) {
        window.recordAndCheck(Window.SUCCESS);
        long[] t = window.totals();
        r.r3 = t[0];
        r.r4 = t[2] == 0 ? t[1] : -1;
    }
}
