package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.bulkhead.BulkheadConfig;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.LogCapture;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.pipeline.ResiliencePipelineTest.Http503;
import dev.resilientshop.resilience.retry.Jitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Paths of the pipeline that the mutation run found unchecked: the bulkhead that may wait, a
 * refusal on the async path, switches on the sync path, the bookkeeping's own failures, the
 * fallback executor refusing work, reset of the hedge and the default timer thread.
 */
class PipelineEdgeTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private Deadline second() {
        return Deadline.after(ofSeconds(1), clock);
    }

    @Test
    void aBulkheadThatMayWaitRefusesWhenItsWaitIsOverAndCountsTheRefusal() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWait(ofMillis(1))
                        .build())
                .build();
        CompletableFuture<String> holder = new CompletableFuture<>();
        CompletableFuture<String> first = p.callAsync(second(), d -> holder); // holds the only slot
        assertThatThrownBy(() -> p.call(second(), d -> "second")) // waits 1 ms for the slot, in vain
                .isInstanceOf(BulkheadFullException.class);
        assertThat(p.callAsync(second(), d -> CompletableFuture.completedFuture("third")))
                .isCompletedExceptionally();
        assertThat(p.snapshot().bulkheadRejections()).isEqualTo(2);
        holder.complete("first");
        assertThat(first).isCompletedWithValue("first");
        assertThat(p.<String>call(second(), d -> "fourth")).isEqualTo("fourth");
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void aCallerInterruptedWhileItWouldWaitForASlotIsRefusedAndKeepsItsInterrupt() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWait(ofSeconds(1))
                        .build())
                .build();
        p.callAsync(second(), d -> new CompletableFuture<String>()); // holds the only slot
        Thread.currentThread().interrupt(); // e.g. the request thread is being shut down
        try {
            assertThatThrownBy(() -> p.call(second(), d -> "never")).isInstanceOf(BulkheadFullException.class);
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(p.snapshot().bulkheadRejections()).isEqualTo(1);
    }

    @Test
    void anAsyncCallRefusedByTheOpenBreakerGivesItsSlotBackAndIsCounted() {
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(1)
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(1))
                .build();
        assertThat(p.callAsync(second(), d -> CompletableFuture.<String>failedFuture(new Http503())))
                .isCompletedExceptionally();
        assertThat(p.circuitBreaker().state()).isEqualTo(State.OPEN);
        AtomicInteger requests = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Integer> refused =
                    p.callAsync(second(), d -> CompletableFuture.completedFuture(requests.incrementAndGet()));
            // the bulkhead has one slot: a refusal that kept it would turn the next refusal into "bulkhead full"
            assertThatThrownBy(refused::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CallNotPermittedException.class);
        }
        assertThat(requests).hasValue(0);
        PipelineSnapshot s = p.snapshot();
        assertThat(s.breakerRejections()).isEqualTo(3);
        assertThat(s.bulkheadRejections()).isZero();
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void withTheLimitOffASyncCallIsAdmittedPastAFullBulkhead() {
        Set<Layer> off = EnumSet.noneOf(Layer.class);
        ResiliencePipeline p = ResiliencePipeline.builder("dep")
                .scheduler(scheduler)
                .bulkhead(1)
                .switchedOff(off::contains)
                .build();
        p.callAsync(second(), d -> new CompletableFuture<String>()); // holds the only slot
        assertThatThrownBy(() -> p.call(second(), d -> "refused")).isInstanceOf(BulkheadFullException.class);
        off.add(Layer.LIMIT);
        assertThat(p.<String>call(second(), d -> "admitted")).isEqualTo("admitted");
        assertThat(p.snapshot().bulkheadRejections()).isEqualTo(1);
    }

    @Test
    void withTheTimeoutOffASyncCallHasNoDeadlineEvenWhenTheRequestsBudgetIsSpent() {
        Set<Layer> off = EnumSet.of(Layer.TIMEOUT);
        ResiliencePipeline p = ResiliencePipeline.builder("dep")
                .scheduler(scheduler)
                .timeout(ofMillis(100))
                .switchedOff(off::contains)
                .build();
        Deadline budget = Deadline.after(ofMillis(50), clock);
        clock.advance(ofMillis(60)); // the request's budget is spent before the call
        AtomicReference<Deadline> seen = new AtomicReference<>();
        String answer = p.call(budget, d -> {
            seen.set(d);
            clock.advance(ofMillis(300)); // past the 100 ms timeout that is switched off
            return "late but kept";
        });
        assertThat(answer).isEqualTo("late but kept");
        assertThat(seen.get().isUnbounded()).isTrue();
        assertThat(p.snapshot().timeouts()).isZero();
        assertThat(p.snapshot().deadlineExhausted()).isZero();
    }

    @Test
    void aFailingExceptionPredicateRidesAlongAsSuppressedOnTheCallersFailure() {
        IllegalStateException bug = new IllegalStateException("buggy predicate");
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .noRetry()
                .circuitBreaker(b -> b.ignoreException(t -> {
                    throw bug;
                }))
                .build();
        Http503 sync = new Http503();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw sync;
                }))
                .isSameAs(sync);
        assertThat(sync.getSuppressed()).containsExactly(bug);

        Http503 async = new Http503();
        CompletableFuture<String> f = p.callAsync(second(), d -> CompletableFuture.failedFuture(async));
        assertThatThrownBy(f::get).hasCause(async);
        assertThat(async.getSuppressed()).containsExactly(bug);
    }

    @Test
    void aPredicateThatRethrowsTheCallsOwnFailureStillLetsTheCallerSeeThatFailure() {
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(1)
                .noRetry()
                .circuitBreaker(b -> b.ignoreException(t -> {
                    throw (RuntimeException) t;
                }))
                .build();
        Http503 failure = new Http503();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(failure.getSuppressed()).isEmpty(); // not suppressed by itself
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void aBookkeepingFailureAfterASuccessIsLoggedAndTheCallerGetsItsAnswer() {
        limit.failOnSample = new IllegalStateException("limit update failed");
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .adaptiveLimit(limit)
                .build();
        List<LogRecord> records;
        try (LogCapture log = LogCapture.of(DefaultPipeline.class)) {
            records = log.records();
            ResiliencePipeline healthy =
                    ResiliencePipeline.builder("pricing").scheduler(scheduler).build();
            assertThat(healthy.<String>call(second(), d -> "€12")).isEqualTo("€12");
            assertThat(records).as("a healthy call writes no warning").isEmpty();
            assertThat(p.<String>call(second(), d -> "stock")).isEqualTo("stock");
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("recording the outcome of a inventory call failed");
            assertThat(r.getThrown()).isSameAs(limit.failOnSample);
        });
        assertThat(p.snapshot().inFlight()).isZero();
    }

    @Test
    void aFallbackExecutorThatRefusesWorkStillGetsTheFallbackServed() {
        ResiliencePipeline p = ResiliencePipeline.builder("recommendations")
                .scheduler(scheduler)
                .noRetry()
                .fallbackExecutor(task -> {
                    throw new RejectedExecutionException("executor shut down");
                })
                .build();
        CompletableFuture<Served<String>> f = p.callAsync(
                second(),
                d -> CompletableFuture.<String>failedFuture(new Http503()),
                FallbackChain.<String>builder().then("cache", e -> "cached").build());
        assertThat(f).isCompleted();
        Served<String> served = f.join();
        assertThat(served.value()).isEqualTo("cached");
        assertThat(served.source()).isEqualTo("cache");
        assertThat(p.snapshot().fallbacks()).isEqualTo(1);
    }

    @Test
    void aCallerThatCancelledGetsNoFallbackRunOnItsBehalf() {
        List<Runnable> queued = new CopyOnWriteArrayList<>(); // a fallback executor whose work waits in a queue
        AtomicInteger fallbacksRun = new AtomicInteger();
        FallbackChain<String> cache = FallbackChain.<String>builder()
                .then("cache", e -> {
                    fallbacksRun.incrementAndGet();
                    return "cached";
                })
                .build();
        ResiliencePipeline p = ResiliencePipeline.builder("recommendations")
                .scheduler(scheduler)
                .noRetry()
                .fallbackExecutor(queued::add)
                .build();

        // cancelled before the call failed: nothing is handed to the executor
        CompletableFuture<String> first = new CompletableFuture<>();
        p.callAsync(second(), d -> first, cache).cancel(true);
        first.completeExceptionally(new Http503());
        assertThat(queued).isEmpty();

        // failed, the fallback waits for the executor, and the caller cancels meanwhile: it never runs
        CompletableFuture<String> secondCall = new CompletableFuture<>();
        CompletableFuture<Served<String>> served = p.callAsync(second(), d -> secondCall, cache);
        secondCall.completeExceptionally(new Http503());
        assertThat(queued).hasSize(1);
        served.cancel(true);
        queued.forEach(Runnable::run);
        assertThat(fallbacksRun).hasValue(0);
        assertThat(p.snapshot().fallbacks()).isZero();

        // the same with nobody cancelling: the queued fallback serves
        CompletableFuture<String> third = new CompletableFuture<>();
        CompletableFuture<Served<String>> servedThird = p.callAsync(second(), d -> third, cache);
        third.completeExceptionally(new Http503());
        queued.get(1).run();
        assertThat(servedThird).isCompletedWithValueMatching(s -> "cached".equals(s.value()));
        assertThat(fallbacksRun).hasValue(1);
    }

    /**
     * {@code ./shop resilience <service> reset} puts a dependency's pipeline back to its start, and
     * every drill and replay begins with one. A retry budget spent by the run before was carried
     * into the next: its first failures got no retry and went to the fallback (found by the product
     * page's ReplicaEjectionTest, whose third test met a budget the first two had spent).
     */
    @Test
    void resetFillsTheRetryBudgetAgain() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .retry(r -> r.maxAttempts(2)
                        .baseDelay(ofMillis(1))
                        .jitter(Jitter.NONE)
                        .budget(0.1, 2))
                .build();
        for (int i = 0; i < 3; i++) { // two retries spend the reserve of two; the third call gets none
            p.callAsync(second(), d -> CompletableFuture.<String>failedFuture(new Http503()));
            scheduler.advance(ofMillis(5));
        }
        assertThat(p.retry().budget().balance()).as("spent").isLessThan(1);

        p.reset();

        assertThat(p.retry().budget().balance()).as("after the reset").isEqualTo(2.0);
    }

    @Test
    void resetMakesTheHedgeForgetTheDelayItLearned() {
        ResiliencePipeline p = ResiliencePipeline.builder("catalog")
                .scheduler(scheduler)
                .noRetry()
                .hedging(h -> h.percentileDelay(0.95, ofMillis(20)).minSamples(1))
                .build();
        // one 300 ms read: the hedge now waits ~300 ms before it sends a second request
        assertThat(p.readAsync(second(), (i, d) -> {
                    clock.advance(ofMillis(300));
                    return CompletableFuture.completedFuture("slow");
                }))
                .isCompletedWithValue("slow");
        p.reset();
        AtomicInteger attempts = new AtomicInteger();
        p.readAsync(second(), (i, d) -> {
            attempts.incrementAndGet();
            return new CompletableFuture<String>();
        });
        scheduler.advance(ofMillis(25));
        assertThat(attempts).as("the hedge went after the initial 20 ms again").hasValue(2);
        assertThat(p.hedges()).isEqualTo(1);
    }

    @Test
    void theDefaultTimerIsOneDaemonThreadNamedAfterTheDependency() {
        // no scheduler given: the pipeline makes its own timer, which must not keep a JVM alive
        ResiliencePipeline p = ResiliencePipeline.builder("timer-check")
                .noRetry()
                .timeout(ofMillis(200))
                .build();
        CompletableFuture<String> call =
                p.callAsync(Deadline.after(ofSeconds(5), Clock.system()), d -> new CompletableFuture<String>());
        // registered long before the 200 ms timeout: it runs on the thread that completes the call
        Thread timer = call.handle((v, e) -> Thread.currentThread()).join();
        assertThat(timer.getName()).isEqualTo("resilience-timer-check");
        assertThat(timer.isDaemon()).isTrue();
    }

    // ---- what the limiter learns: the RTT of the last attempt that reached the dependency

    private final RecordingLimit limit = new RecordingLimit(80);

    private PipelineBuilder inventory() {
        return ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .adaptiveLimit(limit)
                .timeout(ofMillis(200))
                .retry(r -> r.maxAttempts(2).baseDelay(ofMillis(100)).jitter(Jitter.NONE));
    }

    @Test
    void theSampleIsTheLastAttemptsRttEvenWhenItAnsweredAtOnce() {
        ResiliencePipeline p = inventory().build();
        int[] attempts = {0};
        String answer = p.call(second(), d -> {
            if (++attempts[0] == 1) {
                clock.advance(ofMillis(30)); // 30 ms, then a 503
                throw new Http503();
            }
            return "stock"; // from a warm cache: 0 ms on the manual clock
        });
        assertThat(answer).isEqualTo("stock");
        // 30 ms + 100 ms backoff + 0 ms: the limiter hears 0, not 30 (the first attempt) nor 130 (the call)
        assertThat(limit.samples).containsExactly(new RecordingLimit.Sample(0, 1, false));
    }

    @Test
    void theSampleOfACallWhoseAttemptsAllFailedIsItsLastAttemptsRtt() {
        ResiliencePipeline p = inventory().build();
        int[] attempts = {0};
        assertThatThrownBy(() -> p.call(second(), d -> {
                    clock.advance(ofMillis(++attempts[0] == 1 ? 30 : 10));
                    throw new Http503();
                }))
                .isInstanceOf(Http503.class);
        assertThat(limit.samples)
                .containsExactly(new RecordingLimit.Sample(ofMillis(10).toNanos(), 1, true));
    }

    @Test
    void theAsyncSampleIsTheLastAttemptsRttEvenWhenItAnsweredAtOnce() {
        ResiliencePipeline p = inventory().build();
        int[] attempts = {0};
        CompletableFuture<String> answer = p.callAsync(second(), d -> {
            if (++attempts[0] == 1) {
                CompletableFuture<String> reply = new CompletableFuture<>();
                scheduler.schedule(ofMillis(30), () -> reply.completeExceptionally(new Http503()));
                return reply;
            }
            return CompletableFuture.completedFuture("stock");
        });
        scheduler.advance(ofMillis(500));
        assertThat(answer).isCompletedWithValue("stock");
        assertThat(limit.samples).containsExactly(new RecordingLimit.Sample(0, 1, false));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void aCheckedExceptionFromTheCallIsAFailureWrappedForTheSyncCaller() {
        clock.advance(ofSeconds(3600)); // a reading far from zero: the sample must be a difference of two
        ResiliencePipeline p = inventory().noRetry().build();
        IOException reset =
                new IOException("connection reset"); // thrown by, say, Kotlin code that has no checked exceptions
        assertThatThrownBy(() -> p.call(second(), d -> {
                    clock.advance(ofMillis(10));
                    throw sneaky(reset);
                }))
                .isInstanceOf(CompletionException.class)
                .hasCause(reset);
        assertThat(p.snapshot().errors()).isEqualTo(1);
        assertThat(limit.samples)
                .containsExactly(new RecordingLimit.Sample(ofMillis(10).toNanos(), 1, true));
    }

    @Test
    void bothBookkeepingFailuresReachTheCallerNoneIsLost() {
        limit.failOnSample = new IllegalStateException("limit update failed");
        IllegalStateException bug = new IllegalStateException("buggy predicate");
        ResiliencePipeline p = inventory()
                .noRetry()
                .circuitBreaker(b -> b.ignoreException(t -> {
                    throw bug;
                }))
                .build();
        Http503 failure = new Http503();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(failure.getSuppressed()).containsExactly(bug); // the first one, carrying the second
        assertThat(bug.getSuppressed()).containsExactly(limit.failOnSample);
        assertThat(p.snapshot().inFlight()).isZero();
    }

    // ---- the breaker's probes through the pipeline

    private ResiliencePipeline openPricing() {
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(1))
                .build();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw new Http503();
                }))
                .isInstanceOf(Http503.class);
        assertThat(p.circuitBreaker().state()).isEqualTo(State.OPEN);
        clock.advance(ofSeconds(30)); // reset timeout over: the next call is the probe
        return p;
    }

    @Test
    void aSuccessfulSyncProbeClosesTheBreaker() {
        ResiliencePipeline p = openPricing();
        assertThat(p.<String>call(second(), d -> "€12")).isEqualTo("€12");
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aProbeWhoseCallerCancelledGivesTheProbeSlotBack() {
        ResiliencePipeline p = openPricing();
        CompletableFuture<String> probe = p.callAsync(second(), d -> new CompletableFuture<String>());
        assertThat(p.callAsync(second(), d -> CompletableFuture.completedFuture("x")))
                .isCompletedExceptionally();
        probe.cancel(true); // the page gave up: no verdict on pricing's health
        assertThat(p.<String>call(second(), d -> "€12")).isEqualTo("€12"); // the next caller probes at once
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
    }

    // ---- the rest

    @Test
    void aNestedCallThatCouldNotStartIsTheCallersOverloadHereToo() {
        // the call's own client refused for lack of budget (say, an inner pipeline with the same deadline)
        ResiliencePipeline p = ResiliencePipeline.builder("catalog")
                .scheduler(scheduler)
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(1))
                .build();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw DeadlineExceededException.budgetExhausted("pricing");
                }))
                .isInstanceOf(DeadlineExceededException.class);
        PipelineSnapshot s = p.snapshot();
        assertThat(s.deadlineExhausted()).isEqualTo(1);
        assertThat(s.errors()).isZero();
        assertThat(s.breakerState()).isEqualTo(State.CLOSED); // one "failure" would have opened it
        assertThat(p.circuitBreaker().windowTotals()).containsExactly(0, 0, 0);
    }

    @Test
    void aCallerInterruptedBeforeTheBackoffGetsACancellationAndKeepsItsInterrupt() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                    .scheduler(Scheduler.of(timer))
                    .bulkhead(1)
                    .retry(r -> r.maxAttempts(3).baseDelay(ofSeconds(1)).jitter(Jitter.NONE))
                    .build();
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> p.call(Deadline.after(ofSeconds(10), Clock.system()), d -> {
                        attempts.incrementAndGet();
                        Thread.currentThread().interrupt(); // the request thread is being shut down
                        throw new Http503();
                    }))
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("interrupted while waiting to retry pricing");
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
            assertThat(attempts).hasValue(1); // the backoff sleep was cut short: no second attempt
            assertThat(p.snapshot().inFlight()).isZero();
        } finally {
            Thread.interrupted();
            timer.shutdownNow();
        }
    }

    @Test
    void aCallerWaitsForASlotThatIsFreedMeanwhile() throws Exception {
        // the one case that needs a second thread: the wait is a Semaphore's
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWait(ofSeconds(1))
                        .build())
                .build();
        CompletableFuture<String> holder = new CompletableFuture<>();
        CompletableFuture<String> first = p.callAsync(second(), d -> holder); // holds the only slot
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            while (caller.getState() != Thread.State.TIMED_WAITING) { // the caller is waiting for the slot
                Thread.onSpinWait();
            }
            holder.complete("first");
        });
        releaser.setDaemon(true);
        releaser.start();
        assertThat(p.<String>call(second(), d -> "second")).isEqualTo("second");
        releaser.join(5_000);
        assertThat(first).isCompletedWithValue("first");
        assertThat(p.snapshot().bulkheadRejections()).isZero();
    }

    @Test
    void aSuccessWithAFallbackAtHandIsServedByTheDependency() {
        Set<Layer> off = EnumSet.noneOf(Layer.class);
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .switchedOff(off::contains)
                .build();
        FallbackChain<String> cache =
                FallbackChain.<String>builder().then("cache", e -> "cached").build();
        Served<String> served = p.call(second(), d -> "€12", cache);
        assertThat(served).isEqualTo(new Served<>("€12", "pricing", null));
        assertThat(served.degraded()).isFalse();
        off.add(Layer.FALLBACK);
        assertThat(p.callAsync(second(), d -> CompletableFuture.completedFuture("€13"), cache))
                .isCompletedWithValue(new Served<>("€13", "pricing", null));
        assertThat(p.snapshot().fallbacks()).isZero();
    }

    @Test
    void theRegistryListsSnapshotsSortedByDependency() {
        PipelineRegistry registry = new PipelineRegistry();
        List<String> names = List.of(
                "shipping",
                "recommendations",
                "payment",
                "inventory",
                "cart",
                "search",
                "pricing",
                "reviews",
                "auth",
                "catalog",
                "fraud",
                "tax");
        names.forEach(n -> registry.register(
                ResiliencePipeline.builder(n).scheduler(scheduler).build()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String::compareTo);
        assertThat(registry.snapshots())
                .extracting(PipelineSnapshot::dependency)
                .containsExactlyElementsOf(sorted);
    }
}
