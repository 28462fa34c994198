package dev.resilientshop.benchmarks;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilientshop.resilience.circuitbreaker.Permit;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One permitted, successful call through a CLOSED breaker: acquire permission, report success
 * with a 1 µs duration. Both libraries configured alike: count-based window of 100 calls,
 * 50% failure threshold, minimum 20 calls. Resilience4j twice: its default SYNCHRONIZED sliding
 * window and its LOCK_FREE one. Run with {@code -t 1} and {@code -t 2}; the state is shared by
 * the threads (Scope.Benchmark), as one breaker per dependency is in a service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BreakerBenchmark {

    private static final long ONE_MICRO = 1_000;

    private final CircuitBreaker ours = CircuitBreaker.of(
            "bench",
            CircuitBreakerConfig.builder()
                    .countBasedWindow(100)
                    .failureRateThreshold(50)
                    .minimumNumberOfCalls(20)
                    .build());

    private final io.github.resilience4j.circuitbreaker.CircuitBreaker r4jSynchronized =
            r4j(SlidingWindowSynchronizationStrategy.SYNCHRONIZED);
    private final io.github.resilience4j.circuitbreaker.CircuitBreaker r4jLockFree =
            r4j(SlidingWindowSynchronizationStrategy.LOCK_FREE);

    static io.github.resilience4j.circuitbreaker.CircuitBreaker r4j(SlidingWindowSynchronizationStrategy strategy) {
        return io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                "bench-" + strategy,
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindow(100, 20, SlidingWindowType.COUNT_BASED, strategy)
                        .failureRateThreshold(50)
                        .build());
    }

    @Benchmark
    public Permit oursClosedSuccess() {
        Permit permit = ours.tryAcquirePermission();
        permit.onSuccess(ONE_MICRO);
        return permit;
    }

    @Benchmark
    public boolean r4jSynchronizedClosedSuccess() {
        boolean permitted = r4jSynchronized.tryAcquirePermission();
        r4jSynchronized.onSuccess(ONE_MICRO, TimeUnit.NANOSECONDS);
        return permitted;
    }

    @Benchmark
    public boolean r4jLockFreeClosedSuccess() {
        boolean permitted = r4jLockFree.tryAcquirePermission();
        r4jLockFree.onSuccess(ONE_MICRO, TimeUnit.NANOSECONDS);
        return permitted;
    }
}
