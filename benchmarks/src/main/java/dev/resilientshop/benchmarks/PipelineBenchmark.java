package dev.resilientshop.benchmarks;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A successful sync call through the whole composition: bulkhead → breaker → retry (3 attempts)
 * → call. Ours also runs its timeout layer (derives a child deadline and checks it), which
 * Resilience4j has no sync equivalent of (its TimeLimiter is async-only), so ours does a little
 * more work per call, and it also creates the request deadline inside the measured call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {

    private static final Integer ANSWER = 42;
    /** The page's budget is a constant in a service too; only the deadline is made per request. */
    private static final Duration BUDGET = Duration.ofMillis(500);

    private final ResiliencePipeline ours = ResiliencePipeline.builder("bench")
            .scheduler(Scheduler.of(Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            })))
            .bulkhead(50)
            .circuitBreaker(b -> b.countBasedWindow(100).minimumNumberOfCalls(20))
            .retry(r -> r.maxAttempts(3))
            .timeout(Duration.ofSeconds(1))
            .build();

    private final Supplier<Integer> r4jLockFree = r4j(SlidingWindowSynchronizationStrategy.LOCK_FREE);
    private final Supplier<Integer> r4jSynchronized = r4j(SlidingWindowSynchronizationStrategy.SYNCHRONIZED);

    private static Supplier<Integer> r4j(SlidingWindowSynchronizationStrategy strategy) {
        var bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of(
                "bench",
                io.github.resilience4j.bulkhead.BulkheadConfig.custom()
                        .maxConcurrentCalls(50)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        var breaker = BreakerBenchmark.r4j(strategy);
        var retry = io.github.resilience4j.retry.Retry.of(
                "bench", RetryConfig.custom().maxAttempts(3).build());
        Supplier<Integer> call = () -> ANSWER;
        return io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(
                bulkhead,
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
                        breaker, io.github.resilience4j.retry.Retry.decorateSupplier(retry, call)));
    }

    @Benchmark
    public Integer oursPipeline() {
        return ours.call(Deadline.after(BUDGET, Clock.system()), d -> ANSWER);
    }

    /**
     * A call that owns its budget ({@code call(Duration, ...)}): a deadline made per call, as in
     * {@link #oursPipeline}, but from the clock reading the pipeline takes anyway to time the
     * attempt, so two clock reads a call, as Resilience4j's decorators.
     */
    @Benchmark
    public Integer oursPipelineOwnBudget() {
        return ours.call(BUDGET, d -> ANSWER);
    }

    /**
     * The pipeline alone: the request's deadline made once (per iteration, 1 h budget), as a
     * request's deadline is shared by its calls. {@link #oursPipeline} makes one per call: one
     * clock read more, and no allocation since the pipeline's entry passes the deadline on as
     * numbers (before that, 32 B/op: docs/benchmarks.md).
     */
    @Benchmark
    public Integer oursPipelineSharedDeadline(RequestDeadline request) {
        return ours.call(request.deadline, d -> ANSWER);
    }

    /** One deadline per iteration, shared by every call and thread of it. */
    @State(Scope.Benchmark)
    public static class RequestDeadline {
        Deadline deadline;

        @Setup(Level.Iteration)
        public void create() {
            deadline = Deadline.after(Duration.ofHours(1), Clock.system());
        }
    }

    @Benchmark
    public Integer r4jSynchronizedPipeline() {
        return r4jSynchronized.get();
    }

    @Benchmark
    public Integer r4jLockFreePipeline() {
        return r4jLockFree.get();
    }
}
