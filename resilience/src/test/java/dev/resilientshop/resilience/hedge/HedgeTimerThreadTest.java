package dev.resilientshop.resilience.hedge;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hedge is an attempt like any other: starting it (the HTTP client builds and sends a request,
 * runs its filters, may wait for a connection) must not run on a timer thread. The product page
 * has two timer threads for every timeout, backoff and hedge delay of the service; a hedge started
 * on one of them holds every other pipeline's timers while it starts (HedgedInventoryDrillTest's
 * hedged p99 of 247 ms in one CI run, where every other run measured ~50 ms). Real threads on purpose.
 */
class HedgeTimerThreadTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService work = Executors.newCachedThreadPool();
    private final CountDownLatch hedgeMayStart = new CountDownLatch(1);

    @AfterEach
    void stop() {
        hedgeMayStart.countDown();
        timer.shutdownNow();
        work.shutdownNow();
    }

    @Test
    void startingAHedgeDoesNotHoldAnotherPipelinesTimeout() throws Exception {
        Scheduler scheduler = Scheduler.of(timer, work);
        ResiliencePipeline inventory = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .noRetry()
                .timeout(ofMillis(5_000))
                .hedging(h -> h.fixedDelay(ofMillis(5)))
                .build();
        ResiliencePipeline pricing = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .noRetry()
                .timeout(ofMillis(20))
                .build();
        CountDownLatch hedgeStarting = new CountDownLatch(1);

        CompletableFuture<String> read = inventory.readAsync(Deadline.none(scheduler.clock()), (attempt, d) -> {
            if (attempt == 1) { // the hedge: its client takes a while to send
                hedgeStarting.countDown();
                await(hedgeMayStart);
                return CompletableFuture.completedFuture("from the secondary");
            }
            return new CompletableFuture<>(); // the slow primary
        });
        assertThat(hedgeStarting.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> price =
                pricing.callAsync(Deadline.none(scheduler.clock()), d -> new CompletableFuture<>());

        // pricing's 20 ms timeout must fire while the hedge is still starting; 10 s is only the
        // give-up bound of the test, not a timing claim
        try {
            price.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a timeout");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DeadlineExceededException.class);
        }
        assertThat(read).isNotDone();
        hedgeMayStart.countDown();
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("from the secondary");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
