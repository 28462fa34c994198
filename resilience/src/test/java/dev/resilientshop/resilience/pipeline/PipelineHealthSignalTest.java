package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.pipeline.ResiliencePipelineTest.Http503;
import dev.resilientshop.resilience.retry.Jitter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Only what the dependency did counts against it (ARCHITECTURE "What is a health signal"): an
 * attempt that never started is the caller's overload, and the limiter learns from the RTT of
 * the attempt it is told about, not from the backoff sleeps around it.
 */
class PipelineHealthSignalTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final RecordingLimit limit = new RecordingLimit(80);

    private PipelineBuilder inventory() {
        return ResiliencePipeline.builder("inventory")
                .service("product-page")
                .scheduler(scheduler)
                .adaptiveLimit(limit)
                .reserve(ofMillis(100))
                .timeout(ofMillis(200))
                .circuitBreaker(b -> b.consecutiveFailureThreshold(5))
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(100)).jitter(Jitter.NONE));
    }

    @Test
    void aSpentBudgetNeverOpensTheBreakerNorTeachesTheLimiter() {
        ResiliencePipeline p = inventory().build();
        AtomicInteger requests = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            // the page's own queueing left 50 ms, less than the 100 ms reserve: no attempt can start
            assertThatThrownBy(() -> p.call(Deadline.after(ofMillis(50), clock), d -> requests.incrementAndGet()))
                    .isInstanceOf(DeadlineExceededException.class);
        }
        assertThat(requests).hasValue(0);
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED); // 5 "failures" would have opened it
        assertThat(limit.samples).isEmpty();
        PipelineSnapshot s = p.snapshot();
        assertThat(s.deadlineExhausted()).isEqualTo(5);
        assertThat(s.errors()).isZero();
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void aSpentBudgetOnTheAsyncPathIsCountedOnItsOwnToo() {
        ResiliencePipeline p = inventory().build();
        AtomicInteger requests = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<Integer> f = p.callAsync(
                    Deadline.after(ofMillis(50), clock),
                    d -> CompletableFuture.completedFuture(requests.incrementAndGet()));
            assertThat(f).isCompletedExceptionally();
        }
        assertThat(requests).hasValue(0);
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
        assertThat(limit.samples).isEmpty();
        assertThat(p.snapshot().deadlineExhausted()).isEqualTo(5);
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void theLimiterSeesTheRttOfTheAttemptNotTheBackoffBetweenAttempts() {
        ResiliencePipeline p = inventory().build();
        AtomicInteger requests = new AtomicInteger();
        String result = p.call(Deadline.after(ofMillis(500), clock), d -> {
            clock.advance(ofMillis(10)); // each attempt takes 10 ms
            if (requests.incrementAndGet() == 1) {
                throw new Http503();
            }
            return "stock";
        });
        assertThat(result).isEqualTo("stock");
        // 10 ms attempt + 100 ms backoff + 10 ms attempt = 120 ms for the call; the sample is the 10 ms attempt
        assertThat(clock.nanoTime()).isEqualTo(ofMillis(120).toNanos());
        assertThat(limit.samples)
                .containsExactly(new RecordingLimit.Sample(ofMillis(10).toNanos(), 1, false));
    }

    @Test
    void theAsyncLimiterSampleIsTheLastAttemptsRttToo() {
        ResiliencePipeline p = inventory().build();
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> result = p.callAsync(Deadline.after(ofMillis(500), clock), d -> {
            CompletableFuture<String> reply = new CompletableFuture<>();
            boolean first = requests.incrementAndGet() == 1;
            scheduler.schedule(ofMillis(10), () -> {
                if (first) {
                    reply.completeExceptionally(new Http503());
                } else {
                    reply.complete("stock");
                }
            });
            return reply;
        });
        scheduler.advance(ofMillis(500));
        assertThat(result).isCompletedWithValue("stock");
        assertThat(limit.samples)
                .containsExactly(new RecordingLimit.Sample(ofMillis(10).toNanos(), 1, false));
    }

    @Test
    void retryDoesNotSleepTowardsAnAttemptThatCouldNotStartBeforeTheReserve() {
        ResiliencePipeline p = inventory().timeout(ofMillis(1000)).build();
        AtomicInteger requests = new AtomicInteger();
        // 500 ms budget, 100 ms reserve: attempts may start until t = 400 ms.
        // Attempt 1 fails at t = 350 ms; the retry would start at 350 + 100 = 450 ms: too late.
        assertThatThrownBy(() -> p.call(Deadline.after(ofMillis(500), clock), d -> {
                    requests.incrementAndGet();
                    clock.advance(ofMillis(350));
                    throw new Http503();
                }))
                .isInstanceOf(Http503.class);
        assertThat(requests).hasValue(1);
        assertThat(clock.nanoTime()).isEqualTo(ofMillis(350).toNanos()); // no sleep towards nothing
        assertThat(p.retry().retries()).isZero();
        assertThat(p.snapshot().errors()).isEqualTo(1); // the real 503 is still a health signal
        assertThat(limit.samples).extracting(RecordingLimit.Sample::dropped).containsExactly(true);
    }

    @Test
    void asyncRetrySchedulesNothingThatCouldNotStartBeforeTheReserve() {
        ResiliencePipeline p = inventory().timeout(ofMillis(1000)).build();
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> result = p.callAsync(Deadline.after(ofMillis(500), clock), d -> {
            requests.incrementAndGet();
            CompletableFuture<String> reply = new CompletableFuture<>();
            scheduler.schedule(ofMillis(350), () -> reply.completeExceptionally(new Http503()));
            return reply;
        });
        // attempts may start until t = 400 ms (500 − 100 reserve); attempt 1 fails at 350 ms,
        // a retry would start at 450 ms: it is not scheduled, the caller gets the 503 at once
        scheduler.advance(ofMillis(350));
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCauseInstanceOf(Http503.class);
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(ofMillis(1000));
        assertThat(requests).hasValue(1);
        assertThat(p.retry().retries()).isZero();
    }

    @Test
    void aNoTimeoutPipelineDoesNotExpireEveryAttemptAtOnce() {
        ResiliencePipeline p = ResiliencePipeline.builder("batch")
                .scheduler(scheduler)
                .timeout(Duration.ofNanos(Long.MAX_VALUE))
                .build();
        clock.advance(ofMillis(1)); // any clock reading above zero overflowed now + Long.MAX_VALUE
        assertThat(p.<String>call(Deadline.none(clock), d -> "done")).isEqualTo("done");
        assertThat(p.<String>call(Deadline.after(Duration.ofNanos(Long.MAX_VALUE), clock), d -> "done"))
                .isEqualTo("done");
        CompletableFuture<String> async =
                p.callAsync(Deadline.after(ofMillis(500), clock), d -> CompletableFuture.completedFuture("done"));
        assertThat(async).isCompletedWithValue("done");
    }
}
