package dev.resilientshop.benchmarks;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What one reading of the clock costs on this machine, and what making a request's deadline
 * costs on top of it: the difference between {@link PipelineBenchmark#oursPipeline} (a deadline
 * made per call) and {@link PipelineBenchmark#oursPipelineSharedDeadline} (one made per request)
 * is one {@link Deadline#after}, so these figures say how much of that difference is the clock
 * (docs/benchmarks.md). A virtual machine's clock source (kvm-clock, xen) can make a read cost
 * several times what it costs on bare metal; every other figure of the pipeline pays it twice
 * per call, Resilience4j's breaker too (it times each call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClockBenchmark {

    private static final Duration BUDGET = Duration.ofMillis(500);

    /** The JDK's monotonic clock, as every timing in both libraries reads it. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The same read through the library's {@link Clock} (an interface, so tests can drive time). */
    @Benchmark
    public long libraryClock() {
        return Clock.system().nanoTime();
    }

    /** A request's deadline, made and read as the pipeline's entry reads it (then dropped). */
    @Benchmark
    public long deadlineAfter() {
        return Deadline.after(BUDGET, Clock.system()).expiresAtNanos();
    }
}
