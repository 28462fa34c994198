package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer threads only fire timers. A fallback that blocks (a Redis read, a cold cache) must
 * run elsewhere, or one slow fallback stalls every timeout, retry and hedge of the service.
 * Real threads here on purpose: the defect is about which thread runs what.
 */
class PipelineTimerThreadTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final CountDownLatch redisAnswers = new CountDownLatch(1);

    @AfterEach
    void stop() {
        redisAnswers.countDown();
        timer.shutdownNow();
    }

    @Test
    void aBlockingFallbackDoesNotDelayAnotherPipelinesTimeout() throws Exception {
        Scheduler scheduler = Scheduler.of(timer);
        ResiliencePipeline recommendations = ResiliencePipeline.builder("recommendations")
                .scheduler(scheduler)
                .timeout(ofMillis(20))
                .noRetry()
                .build();
        ResiliencePipeline pricing = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .timeout(ofMillis(20))
                .noRetry()
                .build();
        CountDownLatch fallbackRunning = new CountDownLatch(1);
        FallbackChain<String> cachedRecs = FallbackChain.<String>builder()
                .then("cache", cause -> {
                    fallbackRunning.countDown();
                    await(redisAnswers); // Redis hangs
                    return "cached recs";
                })
                .build();

        CompletableFuture<Served<String>> recs =
                recommendations.callAsync(Deadline.none(scheduler.clock()), d -> new CompletableFuture<>(), cachedRecs);
        assertThat(fallbackRunning.await(10, TimeUnit.SECONDS))
                .isTrue(); // recommendations timed out, its fallback blocks
        CompletableFuture<String> price =
                pricing.callAsync(Deadline.none(scheduler.clock()), d -> new CompletableFuture<>());

        // pricing's 20 ms timeout must fire while the recommendations fallback is still blocked;
        // 10 s is only the give-up bound of the test, not a timing claim
        Throwable failure = waitForFailure(price);
        assertThat(failure).isInstanceOf(DeadlineExceededException.class);
        assertThat(recs).isNotDone();
        redisAnswers.countDown();
        assertThat(recs.get(10, TimeUnit.SECONDS).value()).isEqualTo("cached recs");
    }

    private static Throwable waitForFailure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a timeout, got " + f.join());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
