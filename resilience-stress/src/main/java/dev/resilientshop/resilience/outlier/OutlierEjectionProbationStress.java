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
 * Probation: a host just back from its first ejection gets two failures at the same moment, on two
 * threads. Each alone would eject it again; together they must eject it once. r1, r2: whether each
 * failure ejected the host; r3: whether it is out afterwards; r4: its ejection count. Both true
 * would count one ejection twice and double the time once too often; neither would leave a host on
 * probation in after a failure.
 */
@JCStressTest
@Description("Two failures of a host on probation at once: exactly one ejects it.")
@Outcome(
        id = {"1, 0, 1, 2", "0, 1, 1, 2"},
        expect = ACCEPTABLE,
        desc = "One failure ejected it again, once.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "Ejected twice, or not at all.")
@State
public class OutlierEjectionProbationStress {

    private static final int FAILURES = 3;
    private final ManualClock clock = new ManualClock();
    private final OutlierEjection group =
            new OutlierEjection(FAILURES, Duration.ofSeconds(5), Duration.ofSeconds(60), clock);
    private final OutlierEjection.Host a = group.host("a");

    public OutlierEjectionProbationStress() {
        group.host("b");
        for (int i = 0; i < FAILURES; i++) {
            a.failed();
        }
        clock.advance(Duration.ofSeconds(5)); // back, on probation
    }

    @Actor
    public void first(IIII_Result r) {
        r.r1 = a.failed() ? 1 : 0;
    }

    @Actor
    public void second(IIII_Result r) {
        r.r2 = a.failed() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = a.isEjected() ? 1 : 0;
        r.r4 = a.ejections();
    }
}
