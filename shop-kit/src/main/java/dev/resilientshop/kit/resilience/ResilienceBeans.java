package dev.resilientshop.kit.resilience;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.metrics.ResilienceMetrics;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Adapts the framework-free resilience library to Quarkus: one clock, one scheduler (two daemon
 * threads that only fire timers: backoff, hedge delays and deadlines never park a request
 * thread), and one registry of pipelines whose metrics are exported under the seed's names.
 */
public class ResilienceBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system();
    }

    /** Two daemon threads that only fire timers; owned here, not a bean (Quarkus has its own executors). */
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        var t = new Thread(r, "resilience-timer");
        t.setDaemon(true);
        return t;
    });

    @Produces
    @Singleton
    Scheduler scheduler() {
        return Scheduler.of(timers);
    }

    void close(@Disposes Scheduler scheduler) {
        timers.shutdownNow();
    }

    @Produces
    @Singleton
    PipelineRegistry pipelines(MeterRegistry meters) {
        var registry = new PipelineRegistry();
        ResilienceMetrics.bind(registry, meters);
        return registry;
    }
}
