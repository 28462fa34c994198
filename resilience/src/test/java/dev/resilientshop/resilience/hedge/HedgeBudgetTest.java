package dev.resilientshop.resilience.hedge;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The hedge budget pays for hedges that are sent, not for hedges that were only decided. The
 * timer decides to hedge; the hedge starts on the work executor (HedgeTimerThreadTest). On a busy
 * machine the primary often answers while the hedge waits for a thread: nothing is sent then,
 * and the token must still be there for the next slow read. Spending it anyway starved the budget
 * exactly when the machine was busiest: HedgedInventoryDrillTest saw 17 hedges for ~45 reads over
 * the p95 in a CI run, and slow reads that waited out the 250 ms attempt timeout instead.
 */
class HedgeBudgetTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler timers = new ManualScheduler(clock);
    /** The work executor, run by hand: a queue of tasks waiting for a thread. */
    private final ArrayDeque<Runnable> waitingForAThread = new ArrayDeque<>();

    private final Scheduler scheduler = new Scheduler() {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return timers.schedule(delay, task);
        }

        @Override
        public void sleep(Duration delay) {
            timers.sleep(delay);
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Executor executor() {
            return waitingForAThread::add;
        }
    };
    private final List<Integer> sent = new ArrayList<>();

    @Test
    void aHedgeWhosePrimaryAnsweredWhileItWaitedForAThreadLeavesItsTokenForTheNextSlowRead() {
        // a budget of one token, refilled by nothing this test can reach (1% per call, two calls)
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .fixedDelay(ofMillis(10))
                        .budget(0.01, 1)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);

        // read 1: the hedge is decided at 10 ms, but the primary answers before a thread picks it up
        var primary1 = new CompletableFuture<String>();
        var read1 = hedging.call(attempt -> attempt == 0 ? primary1 : sendHedge(attempt));
        timers.advance(ofMillis(10));
        assertThat(waitingForAThread).as("the hedge waits for a thread").hasSize(1);
        primary1.complete("primary");
        runWaitingTasks();
        assertThat(read1).isCompletedWithValue("primary");
        assertThat(sent).as("nothing was sent for read 1").isEmpty();

        // read 2: a slow primary; the hedge must go out, paid with the token read 1 did not use
        var read2 = hedging.call(attempt -> attempt == 0 ? new CompletableFuture<String>() : sendHedge(attempt));
        timers.advance(ofMillis(10));
        runWaitingTasks();
        assertThat(sent).as("read 2's hedge was sent").containsExactly(1);
        assertThat(read2).isCompletedWithValue("hedge");
        assertThat(hedging.hedges()).isEqualTo(1);
    }

    @Test
    void aResetFillsTheHedgeBudgetAgain() {
        Hedging hedging = Hedging.forIdempotentReads(
                "inventory",
                HedgeConfig.builder()
                        .fixedDelay(ofMillis(10))
                        .budget(0.01, 1)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
        for (int read = 0; read < 2; read++) { // the first slow read spends the only token, the second finds none
            hedging.call(attempt -> attempt == 0 ? new CompletableFuture<String>() : sendHedge(attempt));
            timers.advance(ofMillis(10));
            runWaitingTasks();
        }
        assertThat(sent).as("hedges sent before the reset").hasSize(1);

        hedging.reset();
        hedging.call(attempt -> attempt == 0 ? new CompletableFuture<String>() : sendHedge(attempt));
        timers.advance(ofMillis(10));
        runWaitingTasks();
        assertThat(sent).as("hedges sent after the reset").hasSize(2);
    }

    private CompletableFuture<String> sendHedge(int attempt) {
        sent.add(attempt);
        return CompletableFuture.completedFuture("hedge");
    }

    private void runWaitingTasks() {
        while (!waitingForAThread.isEmpty()) {
            waitingForAThread.poll().run();
        }
    }
}
