package dev.resilientshop.resilience.circuitbreaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.resilientshop.resilience.core.Clock;
import java.time.Instant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A time-window writer delayed past the window must not erase a newer bucket (issue 11,
 * item 5). Window 10 s, now t = 10.5 s. One thread records a failure now; the other records a
 * success it timed at t = 0.5 s (it read the clock, then was descheduled for 10 s): same
 * bucket, one turn of the ring older. Whatever the order, the failure must stay counted.
 */
@JCStressTest
@Description("Time window: a stale writer and a current writer on the same bucket; the current count survives.")
@Outcome(
        id = "1, 1",
        expect = ACCEPTABLE,
        desc = "The current failure is counted; the 10 s old success is outside the window.")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "The stale writer reset the newer bucket and erased its counts.")
@State
public class TimeWindowStaleWriterStress {

    private static final long SECOND = 1_000_000_000L;

    /** Current time for everyone, except one old reading handed to the delayed writer. */
    static final class DelayedReadingClock implements Clock {
        static final ThreadLocal<Long> OLD_READING = new ThreadLocal<>();
        volatile long now;

        @Override
        public long nanoTime() {
            Long old = OLD_READING.get();
            if (old != null) {
                OLD_READING.remove();
                return old;
            }
            return now;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(now);
        }
    }

    private final DelayedReadingClock clock = new DelayedReadingClock();
    private final TimeWindow window = new TimeWindow(
            CircuitBreakerConfig.builder()
                    .timeBasedWindow(10)
                    .minimumNumberOfCalls(1000)
                    .clock(clock)
                    .build(),
            clock);

    public TimeWindowStaleWriterStress() {
        clock.now = 10 * SECOND + SECOND / 2; // t = 10.5 s
    }

    @Actor
    public void delayedWriter() {
        DelayedReadingClock.OLD_READING.set(SECOND / 2); // timed at t = 0.5 s
        window.recordAndCheck(Window.SUCCESS);
    }

    @Actor
    public void currentWriter() {
        window.recordAndCheck(Window.FAILURE);
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        long[] t = window.totals();
        r.r1 = t[0];
        r.r2 = t[1];
    }
}
