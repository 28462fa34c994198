package dev.resilientshop.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * A writer that read the clock, then was descheduled for longer than the window, must not
 * wipe the newer counts that meanwhile landed in its bucket (issue 11, item 5). The
 * interleaving is made by hand: the clock hands the delayed writer its old reading once.
 */
class TimeWindowStaleWriterTest {

    private static final long SECOND = 1_000_000_000L;

    /** Returns {@code now}, except that queued readings are handed out first, one per read. */
    static final class ScriptedClock implements Clock {
        volatile long now;
        final Deque<Long> stale = new ArrayDeque<>();

        @Override
        public synchronized long nanoTime() {
            Long old = stale.poll();
            return old != null ? old : now;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(now);
        }
    }

    private final ScriptedClock clock = new ScriptedClock();
    private final TimeWindow window = new TimeWindow(
            CircuitBreakerConfig.builder()
                    .timeBasedWindow(10)
                    .minimumNumberOfCalls(1000)
                    .clock(clock)
                    .build(),
            clock);

    @Test
    void aWriterDelayedPastTheWindowDoesNotEraseTheNewerBucket() {
        long delayedWritersReading = SECOND / 2; // t = 0.5 s: bucket 0 of turn 0
        clock.now = 10 * SECOND + SECOND / 2; // t = 10.5 s: bucket 0 of turn 1
        window.recordAndCheck(Window.FAILURE);
        assertThat(window.totals()).containsExactly(1, 1, 0);

        clock.stale.add(delayedWritersReading); // the delayed writer's success, read at t = 0.5 s
        assertThat(window.recordAndCheck(Window.SUCCESS))
                .as("a dropped outcome is no reason to open")
                .isFalse();

        // the success is 10 s old (outside the window): it may be dropped, the failure must stay
        assertThat(window.totals()).containsExactly(1, 1, 0);
    }

    @Test
    void aWriterOfTheCurrentTurnStillRollsAnOldBucketOver() {
        window.recordAndCheck(Window.FAILURE); // t = 0
        clock.now = 10 * SECOND; // t = 10 s: bucket 0 is due for reuse
        window.recordAndCheck(Window.SUCCESS);
        assertThat(window.totals()).containsExactly(1, 0, 0); // the t=0 failure rolled out
    }
}
