package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.pipeline.ResiliencePipelineTest.Http503;
import dev.resilientshop.resilience.retry.Jitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A caller that gives up (the page rendered without this widget, the client went away) cancels
 * the future the pipeline returned; that must reach the attempt in flight (its connection), the
 * retry waiting on the timer, the hedge not yet sent, and free the bulkhead slot.
 */
class PipelineCancellationTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private PipelineBuilder recommendations() {
        return ResiliencePipeline.builder("recommendations")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(200))
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(50)).jitter(Jitter.NONE));
    }

    private Deadline page() {
        return Deadline.after(ofMillis(500), clock);
    }

    @Test
    void cancellingTheCallCancelsTheAttemptAndFreesTheSlot() {
        ResiliencePipeline p = recommendations().build();
        CompletableFuture<String> connection = new CompletableFuture<>();
        CompletableFuture<String> call = p.callAsync(page(), d -> connection);
        assertThat(p.snapshot().inFlight()).isEqualTo(1);

        call.cancel(true);

        assertThat(connection).isCancelled(); // the HTTP client closes the connection
        assertThat(p.snapshot().inFlight()).isZero(); // the one slot is free for the next page
        assertThat(p.<String>call(page(), d -> "next")).isEqualTo("next");
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
        assertThat(p.snapshot().errors()).isZero(); // a cancelled call says nothing about the dependency
    }

    @Test
    void cancellingDuringBackoffSendsNoFurtherRetry() {
        ResiliencePipeline p = recommendations().build();
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> call = p.callAsync(page(), d -> {
            requests.incrementAndGet();
            return CompletableFuture.failedFuture(new Http503());
        });
        assertThat(requests).hasValue(1); // attempt 1 failed, attempt 2 is waiting 50 ms on the timer

        call.cancel(true);
        scheduler.advance(ofMillis(500));

        assertThat(requests).hasValue(1);
        assertThat(p.retry().retries()).isZero();
        assertThat(scheduler.pendingTasks()).isZero(); // the backoff timer itself was cancelled
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void cancellingAHedgedReadCancelsThePrimaryAndSendsNoHedge() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(200))
                .hedging(h -> h.fixedDelay(ofMillis(30)))
                .build();
        List<Integer> sent = new ArrayList<>();
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> read = p.readAsync(page(), (replica, d) -> {
            sent.add(replica);
            return replica == 0 ? primary : new CompletableFuture<>();
        });

        read.cancel(true);
        scheduler.advance(ofMillis(100)); // past the 30 ms hedge delay

        assertThat(primary).isCancelled();
        assertThat(sent).containsExactly(0);
        assertThat(p.hedges()).isZero();
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void cancellingACallWithAFallbackCancelsTheAttemptAndServesNothing() {
        ResiliencePipeline p = recommendations().build();
        FallbackChain<String> popular = FallbackChain.<String>builder()
                .then("popular", cause -> "popular items")
                .build();
        CompletableFuture<String> connection = new CompletableFuture<>();
        CompletableFuture<Served<String>> call = p.callAsync(page(), d -> connection, popular);

        call.cancel(true);

        assertThat(connection).isCancelled();
        assertThat(p.snapshot().inFlight()).isZero();
        assertThat(p.snapshot().fallbacks()).isZero(); // nobody is waiting for a fallback
    }
}
