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

/** Acquire and release one slot of a 50-slot bulkhead that never fills (fail-fast, no wait). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkheadBenchmark {

    private final Bulkhead ours = Bulkhead.of("bench", BulkheadConfig.ofMaxConcurrentCalls(50));
    private final io.github.resilience4j.bulkhead.Bulkhead r4j = io.github.resilience4j.bulkhead.Bulkhead.of("bench",
            ((Builder) io.github.resilience4j.bulkhead.BulkheadConfig.custom()).maxConcurrentCalls(50).maxWaitDuration(Duration.ZERO).build());

    @Benchmark
    public Token oursAcquireRelease() {
        Token token = ours.tryAcquire();
        token.onSuccess(1_000);
        return token;
    }

    @Benchmark
    public boolean r4jAcquireRelease() {
        boolean permitted = r4j.tryAcquirePermission();
        r4j.onComplete();
        return permitted;
    }
}
