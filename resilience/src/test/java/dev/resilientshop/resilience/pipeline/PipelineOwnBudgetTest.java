package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A call that starts its own budget ({@link ResiliencePipeline#call(Duration, java.util.function.Function)}:
 * a compensation, a refresh) gets the same deadline as one made with {@code Deadline.after} just
 * before the call, but the pipeline makes it from the clock reading it takes anyway: a success
 * reads the clock twice, not three times (issue 15's per-call pipeline benchmark).
 */
class PipelineOwnBudgetTest {

    /** A manual clock that moves 1 ms at every read and counts the reads. */
    static final class TickingClock implements Clock {
        final ManualClock clock = new ManualClock();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            clock.advance(ofMillis(1));
            return clock.nanoTime();
        }

        @Override
        public Instant now() {
            return clock.now();
        }
    }

    private final TickingClock clock = new TickingClock();

    private ResiliencePipeline pipeline(Duration timeout) {
        ManualScheduler timers = new ManualScheduler(clock.clock);
        Scheduler scheduler = new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return timers.schedule(delay, task);
            }

            @Override
            public void sleep(Duration delay) {
                clock.clock.advance(delay);
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
        return ResiliencePipeline.builder("pricing")
                .service("order")
                .scheduler(scheduler)
                .bulkhead(10)
                .circuitBreaker(b -> b.countBasedWindow(10).minimumNumberOfCalls(5))
                .retry(r -> r.maxAttempts(3))
                .timeout(timeout)
                .reserve(Duration.ZERO)
                .build();
    }

    @Test
    void aSuccessWithItsOwnBudgetReadsTheClockTwice() {
        ResiliencePipeline p = pipeline(Duration.ofSeconds(1));
        List<Long> seen = new ArrayList<>();
        int before = clock.reads.get();
        String answer = p.call(ofMillis(500), d -> {
            seen.add(d.expiresAtNanos() - d.createdAtNanos());
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(clock.reads.get() - before)
                .as("clock reads of a first-attempt success")
                .isEqualTo(2);
        // the attempt's deadline is the 500 ms budget, made at the call's start (not 1 ms earlier)
        assertThat(seen).containsExactly(ofMillis(500).toNanos());
        assertThat(p.snapshot().successes()).isEqualTo(1);
    }

    @Test
    void theSameCallWithADeadlineMadeJustBeforeReadsItThreeTimes() {
        ResiliencePipeline p = pipeline(Duration.ofSeconds(1));
        int before = clock.reads.get();
        List<Long> seen = new ArrayList<>();
        p.call(Deadline.after(ofMillis(500), clock), d -> seen.add(d.expiresAtNanos() - d.createdAtNanos()));
        assertThat(clock.reads.get() - before).isEqualTo(3);
        assertThat(seen).containsExactly(ofMillis(499).toNanos()); // made 1 ms (one read) before the start
    }

    @Test
    void theAttemptTimeoutStillCapsAnOwnBudget() {
        ResiliencePipeline p = pipeline(ofMillis(200));
        List<Long> seen = new ArrayList<>();
        p.call(ofMillis(500), d -> seen.add(d.expiresAtNanos() - d.createdAtNanos()));
        assertThat(seen).containsExactly(ofMillis(200).toNanos());
    }

    @Test
    void anOwnBudgetThatRunsOutFailsTheCallAsADeadline() {
        ResiliencePipeline p = pipeline(Duration.ofSeconds(1));
        assertThatThrownBy(() -> p.call(ofMillis(5), d -> {
                    clock.clock.advance(ofMillis(10)); // the dependency takes longer than the budget
                    return "late";
                }))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(p.snapshot().timeouts()).isEqualTo(1);
    }

    @Test
    void aNegativeBudgetIsRejectedBeforeAnythingIsTaken() {
        ResiliencePipeline p = pipeline(Duration.ofSeconds(1));
        assertThatThrownBy(() -> p.call(ofMillis(-1), d -> "never")).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.snapshot().calls()).isZero();
    }
}
