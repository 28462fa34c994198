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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Probation against a success: a host just back from its first ejection gets a success and a
 * failure at the same moment. Either may come first: success first ends the probation and the
 * failure is the first of a new run; failure first ejects the host again and the success, landing
 * while it is out, ends nothing. The arbiter then lets any new ejection run out and fails the host
 * once more: r1, whether the racing failure ejected it; r2, whether the arbiter's failure did. A
 * success that ended the probation of an ejection it raced ("1, 0") would give the returning host
 * a whole run of failures again.
 */
@JCStressTest
@Description("A success and a failure of a host on probation at once: the new ejection keeps its probation.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The success came first: off probation, a run of failures begins.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The failure came first: ejected again, and back on probation.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "A probation lost to the race, or one that outlived a success.")
@State
public class OutlierEjectionProbationSuccessStress {

    private static final int FAILURES = 3;
    private final ManualClock clock = new ManualClock();
    private final OutlierEjection group =
            new OutlierEjection(FAILURES, Duration.ofSeconds(5), Duration.ofSeconds(60), clock);
    private final OutlierEjection.Host a = group.host("a");

    public OutlierEjectionProbationSuccessStress() {
        group.host("b");
        for (int i = 0; i < FAILURES; i++) {
            a.failed();
        }
        clock.advance(Duration.ofSeconds(5)); // back, on probation
    }

    @Actor
    public void success() {
        a.succeeded();
    }

    @Actor
    public void failure(II_Result r) {
        r.r1 = a.failed() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        clock.advance(Duration.ofSeconds(10)); // the second ejection's length: back again if it was made
        r.r2 = a.failed() ? 1 : 0;
    }
}
