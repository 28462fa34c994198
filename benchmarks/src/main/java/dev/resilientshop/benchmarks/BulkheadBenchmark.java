package dev.resilientshop.benchmarks;

import dev.resilientshop.resilience.bulkhead.Bulkhead;
import dev.resilientshop.resilience.bulkhead.BulkheadConfig;
import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter.Token;
import io.github.resilience4j.bulkhead.BulkheadConfig.Builder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Acquire and release one slot of a 50-slot bulkhead that never fills (fail-fast, no wait).
 * {@code oursAcquireRelease} goes through a token (one object and one compare-and-set more, for a
 * release that is harmless when repeated); Resilience4j's API has no token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkheadBenchmark {

    private final Bulkhead ours = Bulkhead.of("bench", BulkheadConfig.ofMaxConcurrentCalls(50));
    private final io.github.resilience4j.bulkhead.Bulkhead r4j = io.github.resilience4j.bulkhead.Bulkhead.of(
            "bench",
            ((Builder) io.github.resilience4j.bulkhead.BulkheadConfig.custom())
                    .maxConcurrentCalls(50)
                    .maxWaitDuration(Duration.ZERO)
                    .build());

    /** Returns whether it was admitted, as the Resilience4j one does: returning the token made it escape (24 B/op). */
    @Benchmark
    public boolean oursAcquireRelease() {
        Token token = ours.tryAcquire();
        token.onSuccess(1_000);
        return token != null;
    }

    /**
     * The token-free slot the pipeline's sync path uses: the same contract as Resilience4j's
     * {@code tryAcquirePermission} / {@code onComplete} (the caller releases exactly once).
     */
    @Benchmark
    public boolean oursSlotAcquireRelease() {
        boolean permitted = ours.tryAcquireSlot();
        if (permitted) {
            ours.releaseSlot();
        }
        return permitted;
    }

    @Benchmark
    public boolean r4jAcquireRelease() {
        boolean permitted = r4j.tryAcquirePermission();
        r4j.onComplete();
        return permitted;
    }
}
