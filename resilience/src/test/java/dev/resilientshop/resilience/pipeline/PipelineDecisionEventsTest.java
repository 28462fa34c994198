package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.pipeline.PipelineEvent.Admitted;
import dev.resilientshop.resilience.pipeline.PipelineEvent.FallbackServed;
import dev.resilientshop.resilience.pipeline.PipelineEvent.HedgeCancelled;
import dev.resilientshop.resilience.pipeline.PipelineEvent.HedgeFired;
import dev.resilientshop.resilience.pipeline.PipelineEvent.HedgeWon;
import dev.resilientshop.resilience.pipeline.PipelineEvent.Refusal;
import dev.resilientshop.resilience.pipeline.PipelineEvent.Rejected;
import dev.resilientshop.resilience.pipeline.PipelineEvent.RetryScheduled;
import dev.resilientshop.resilience.pipeline.ResiliencePipelineTest.Http503;
import dev.resilientshop.resilience.retry.Jitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a trace shows of a call is what {@link ResiliencePipeline#onDecision} tells: every decision, in order. */
class PipelineDecisionEventsTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<PipelineEvent> seen = new ArrayList<>();

    private Deadline page() {
        return Deadline.after(ofMillis(500), clock);
    }

    @Test
    void aSyncCallThatIsRetriedTellsTheDeadlineLeftAndEachRetryWithItsBackoff() {
        var p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(50)).jitter(Jitter.NONE))
                .build();
        p.onDecision(seen::add);
        var attempts = new AtomicInteger();

        String answer = p.call(page(), d -> {
            if (attempts.incrementAndGet() < 3) {
                throw new Http503();
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEqualTo(new Admitted("pricing", ofMillis(500).toNanos(), State.CLOSED));
        var first = (RetryScheduled) seen.get(1);
        var second = (RetryScheduled) seen.get(2);
        assertThat(first.nextAttempt()).isEqualTo(2);
        assertThat(second.nextAttempt()).isEqualTo(3);
        assertThat(second.backoffNanos()).isGreaterThan(first.backoffNanos()); // exponential, no jitter
        assertThat(first.cause()).isInstanceOf(Http503.class);
    }

    @Test
    void anOpenBreakerIsARejectionAndTheCallNeverRuns() {
        var p = ResiliencePipeline.builder("payment")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onDecision(seen::add);
        p.circuitBreaker().forceOpen();
        var ran = new AtomicInteger();

        var served = p.call(
                page(),
                d -> {
                    ran.incrementAndGet();
                    return "charged";
                },
                FallbackChain.<String>builder()
                        .then("retry-later", e -> "later")
                        .build());

        assertThat(ran).hasValue(0);
        assertThat(served.source()).isEqualTo("retry-later");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(new Rejected("payment", Refusal.BREAKER_OPEN, State.OPEN, 2));
        assertThat(seen.get(1)).isInstanceOf(FallbackServed.class);
    }

    @Test
    void aFullBulkheadIsARejection() {
        var p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onDecision(seen::add);
        var hold = p.callAsync(page(), d -> new CompletableFuture<String>());

        var refused = p.callAsync(page(), d -> CompletableFuture.completedFuture("x"));

        assertThat(refused).isCompletedExceptionally();
        assertThat(seen).last().isEqualTo(new Rejected("inventory", Refusal.BULKHEAD_FULL, State.CLOSED, 1));
        hold.cancel(true);
    }

    @Test
    void aHedgedReadTellsTheHedgeFiredWhichWonAndThatTheLoserWasCancelled() {
        var p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .hedging(h -> h.fixedDelay(ofMillis(30)))
                .build();
        p.onDecision(seen::add);
        List<CompletableFuture<String>> replicas = List.of(new CompletableFuture<>(), new CompletableFuture<>());

        var read = p.readAsync(page(), (replica, d) -> replicas.get(replica));
        scheduler.advance(ofMillis(30)); // no answer from the primary: the hedge goes out
        replicas.get(1).complete("from the secondary");

        assertThat(read).isCompletedWithValue("from the secondary");
        assertThat(replicas.get(0)).isCancelled();
        assertThat(seen)
                .containsExactly(
                        new Admitted("inventory", ofMillis(500).toNanos(), State.CLOSED),
                        new HedgeFired("inventory", 1, ofMillis(30).toNanos()),
                        new HedgeWon("inventory", 1),
                        new HedgeCancelled("inventory", 0));
    }

    @Test
    void withoutADecisionListenerNoPerCallEventIsBuilt() {
        var p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onEvent(seen::add); // the metrics' kind of listener: fallbacks only
        p.circuitBreaker().forceOpen();

        p.call(
                page(),
                d -> "x",
                FallbackChain.<String>builder().then("cache", e -> "cached").build());

        assertThat(seen).singleElement().isInstanceOf(FallbackServed.class);
    }

    /**
     * Every way a call is refused before it starts is one Rejected decision, on both paths a call
     * can take: the sync fast path (a bulkhead that does not wait, every layer on) and the general
     * path (async calls, and any layer switched off). A trace that lacks it shows a call that
     * vanished.
     */
    @Test
    void aSpentBudgetIsARejectionOnTheSyncAndTheAsyncPath() {
        var p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onDecision(seen::add);
        var spent = page();
        clock.advance(ofMillis(600));
        var ran = new AtomicInteger();

        var sync = org.assertj.core.api.Assertions.catchThrowable(() -> p.call(spent, d -> ran.incrementAndGet()));
        var async = p.callAsync(spent, d -> CompletableFuture.completedFuture(ran.incrementAndGet()));

        assertThat(sync).isInstanceOf(dev.resilientshop.resilience.deadline.DeadlineExceededException.class);
        assertThat(async).isCompletedExceptionally();
        assertThat(ran).hasValue(0);
        assertThat(seen)
                .containsExactly(
                        new Rejected("pricing", Refusal.DEADLINE_EXHAUSTED, State.CLOSED, 2),
                        new Rejected("pricing", Refusal.DEADLINE_EXHAUSTED, State.CLOSED, 2));
    }

    @Test
    void aFullBulkheadIsARejectionOnTheSyncPathToo() {
        var p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onDecision(seen::add);
        var hold = p.callAsync(page(), d -> new CompletableFuture<String>());

        var refused = org.assertj.core.api.Assertions.catchThrowable(() -> p.call(page(), d -> "x"));

        assertThat(refused).isInstanceOf(dev.resilientshop.resilience.bulkhead.BulkheadFullException.class);
        assertThat(seen).last().isEqualTo(new Rejected("inventory", Refusal.BULKHEAD_FULL, State.CLOSED, 1));
        hold.cancel(true);
    }

    @Test
    void anOpenBreakerIsARejectionOnTheAsyncPathToo() {
        var p = ResiliencePipeline.builder("payment")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        p.onDecision(seen::add);
        p.circuitBreaker().forceOpen();
        var ran = new AtomicInteger();

        var refused = p.callAsync(page(), d -> CompletableFuture.completedFuture(ran.incrementAndGet()));

        assertThat(refused).isCompletedExceptionally();
        assertThat(ran).hasValue(0);
        assertThat(seen).containsExactly(new Rejected("payment", Refusal.BREAKER_OPEN, State.OPEN, 2));
    }

    @Test
    void anAsyncCallThatIsRetriedTellsEachRetryWithItsAttemptNumberAndBackoff() {
        var p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(20)).jitter(Jitter.NONE))
                .build();
        p.onDecision(seen::add);
        var attempts = new AtomicInteger();

        var read = p.callAsync(
                page(),
                d -> attempts.incrementAndGet() < 3
                        ? CompletableFuture.<String>failedFuture(new Http503())
                        : CompletableFuture.completedFuture("stock"));
        scheduler.advance(ofMillis(20)); // the first backoff
        scheduler.advance(ofMillis(40)); // the second, twice as long

        assertThat(read).isCompletedWithValue("stock");
        var retries = seen.stream()
                .filter(RetryScheduled.class::isInstance)
                .map(RetryScheduled.class::cast)
                .toList();
        assertThat(retries).extracting(RetryScheduled::nextAttempt).containsExactly(2, 3);
        assertThat(retries)
                .extracting(RetryScheduled::backoffNanos)
                .containsExactly(ofMillis(20).toNanos(), ofMillis(40).toNanos());
    }

    /**
     * The numbers a decision carries are durations from the call's own start: the deadline left at
     * admission and how long a hedge waited. The other tests start at the manual clock's zero, where
     * "now - start" and "now + start" agree; here the clock has run for an hour first.
     */
    @Test
    void theDeadlineLeftAndTheHedgeDelayAreCountedFromTheCallsStartNotFromTheClocksZero() {
        clock.advance(java.time.Duration.ofHours(1));
        var sync = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .noRetry()
                .build();
        var hedged = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(200))
                .hedging(h -> h.fixedDelay(ofMillis(30)))
                .build();
        sync.onDecision(seen::add);
        hedged.onDecision(seen::add);

        sync.call(page(), d -> "price");
        List<CompletableFuture<String>> replicas = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        var read = hedged.readAsync(page(), (replica, d) -> replicas.get(replica));
        scheduler.advance(ofMillis(30));
        replicas.get(1).complete("stock");

        assertThat(read).isCompletedWithValue("stock");
        assertThat(seen.get(0)).isEqualTo(new Admitted("pricing", ofMillis(500).toNanos(), State.CLOSED));
        assertThat(seen).contains(new HedgeFired("inventory", 1, ofMillis(30).toNanos()));
    }
}
