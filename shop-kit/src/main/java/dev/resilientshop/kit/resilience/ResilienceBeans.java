package dev.resilientshop.kit.resilience;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.metrics.ResilienceMetrics;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Adapts the framework-free resilience library to Quarkus: one clock, one scheduler, and one
 * registry of pipelines whose metrics ({@code deadline_exhausted_total} included) are exported
 * under the seed's names.
 *
 * <p>The scheduler has two kinds of threads. Two timer threads only fire timers (backoff, hedge
 * delays, deadlines) and drop a cancelled timer at once ({@code removeOnCancel}: most timeouts
 * are cancelled because the call answered, and without it each stays queued until it would
 * have fired). Work that may block, fallbacks (a Redis read) and the start of a retry attempt,
 * runs on a separate pool: one blocking fallback on a timer thread would stall the timeouts of
 * every pipeline of the service.
 */
public class ResilienceBeans {

    /** Blocking fallbacks at once before the pool runs more on the caller (a timer): back-pressure, not an unbounded pool. */
    static final int MAX_WORKERS = 64;

    private final ScheduledThreadPoolExecutor timers = newTimers();
    private final ThreadPoolExecutor work = new ThreadPoolExecutor(
            2,
            MAX_WORKERS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemon("resilience-work"),
            new ThreadPoolExecutor.CallerRunsPolicy());

    private static ScheduledThreadPoolExecutor newTimers() {
        var t = new ScheduledThreadPoolExecutor(2, daemon("resilience-timer"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadFactory daemon(String name) {
        var n = new AtomicInteger();
        return r -> {
            var t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system();
    }

    /** The timer executor, for tests of its policy. */
    ScheduledExecutorService timers() {
        return timers;
    }

    @Produces
    @Singleton
    Scheduler scheduler() {
        return Scheduler.of(timers, work);
    }

    void close(@Disposes Scheduler scheduler) {
        timers.shutdownNow();
        work.shutdownNow();
    }

    @Produces
    @Singleton
    PipelineRegistry pipelines(MeterRegistry meters) {
        var registry = new PipelineRegistry();
        ResilienceMetrics.bind(registry, meters);
        return registry;
    }
}
