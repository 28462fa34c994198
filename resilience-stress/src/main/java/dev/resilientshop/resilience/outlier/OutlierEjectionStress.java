package dev.resilientshop.resilience.outlier;

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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Never the last host: two replicas, each one failure short of its ejection, fail at the same
 * moment on two threads. Exactly one may go. r1, r2: whether each failure ejected its host; r3, r4:
 * whether each host is out afterwards. Both out would leave the caller no replica to read from;
 * neither out would mean the "last host" check saw the other one as gone when it was not.
 */
@JCStressTest
@Description("Two hosts fail at once, each on its ejecting failure: exactly one is ejected.")
@Outcome(
        id = {"1, 0, 1, 0", "0, 1, 0, 1"},
        expect = ACCEPTABLE,
        desc = "One ejected, one left in.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "Both ejected, or neither.")
@State
public class OutlierEjectionStress {

    private static final int FAILURES = 3;
    private final OutlierEjection group =
            new OutlierEjection(FAILURES, Duration.ofSeconds(5), Duration.ofSeconds(60), new ManualClock());
    private final OutlierEjection.Host a = group.host("a");
    private final OutlierEjection.Host b = group.host("b");

    public OutlierEjectionStress() {
        for (int i = 1; i < FAILURES; i++) {
            a.failed();
            b.failed();
        }
    }

    @Actor
    public void failA(IIII_Result r) {
        r.r1 = a.failed() ? 1 : 0;
    }

    @Actor
    public void failB(IIII_Result r) {
        r.r2 = b.failed() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = a.isEjected() ? 1 : 0;
        r.r4 = b.isEjected() ? 1 : 0;
    }
}
