package dev.resilientshop.kit.logging;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineEvent;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The seed 002 checklist's "structured logging for circuit breaker state changes", and its
 * siblings: every breaker transition, every bulkhead rejection burst and every fallback
 * activation is ONE log event with the fields {@code event, service, dependency, from, to,
 * reason, requestId} in the MDC (JSON logs print them as keys; the human format shows the
 * message). Bursts are summarised (one line per second of rejections, one per fallback source
 * per 10 s) so an incident produces a readable log, not a flood.
 */
@ApplicationScoped
public class ResilienceEventLog {

    static final Logger LOG = Logger.getLogger("dev.resilientshop.resilience.events");
    static final long FALLBACK_QUIET_MS = 10_000;

    private final PipelineRegistry registry;
    private final String service;
    private final Map<String, AtomicLong> lastRejected = new ConcurrentHashMap<>();
    private final Map<String, Long> lastFallbackLog = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> fallbacksSinceLog = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "resilience-event-log");
        t.setDaemon(true);
        return t;
    });

    ResilienceEventLog(
            PipelineRegistry registry,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String service) {
        this.registry = registry;
        this.service = service;
    }

    void start(@Observes StartupEvent event) {
        registry.forEachPipeline(this::watch);
        ticker.scheduleAtFixedRate(this::rejectionBursts, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }

    void watch(ResiliencePipeline pipeline) {
        var dependency = pipeline.dependency();
        pipeline.circuitBreaker().onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransitioned t) {
                var from = t.transition().from();
                var to = t.transition().to();
                emit(
                        to == State.OPEN ? Logger.Level.WARN : Logger.Level.INFO,
                        "circuit_breaker_transition",
                        dependency,
                        from.label(),
                        to.label(),
                        reason(from, to),
                        "circuit breaker for %s: %s -> %s (%s)"
                                .formatted(dependency, from.label(), to.label(), reason(from, to)));
            }
        });
        pipeline.onEvent(e -> {
            if (e instanceof PipelineEvent.FallbackServed f) {
                fallback(dependency, f);
            }
        });
        lastRejected.put(dependency, new AtomicLong(pipeline.limiter().rejectedCount()));
    }

    static String reason(State from, State to) {
        if (from == State.CLOSED && to == State.OPEN) {
            return "failure or slow-call threshold reached";
        }
        if (from == State.OPEN && to == State.HALF_OPEN) {
            return "reset timeout elapsed: probing";
        }
        if (from == State.HALF_OPEN && to == State.CLOSED) {
            return "probes succeeded";
        }
        if (from == State.HALF_OPEN && to == State.OPEN) {
            return "a probe failed";
        }
        return "manual";
    }

    private void fallback(String dependency, PipelineEvent.FallbackServed f) {
        var key = dependency + "/" + f.source();
        var count =
                fallbacksSinceLog.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        long now = System.currentTimeMillis();
        var last = lastFallbackLog.get(key);
        if (last == null || now - last >= FALLBACK_QUIET_MS) {
            lastFallbackLog.put(key, now);
            fallbacksSinceLog.get(key).set(0);
            var why = f.reason() == null ? "unknown" : f.reason().getClass().getSimpleName();
            emit(
                    Logger.Level.WARN,
                    "fallback_served",
                    dependency,
                    dependency,
                    f.source(),
                    why,
                    "fallback for %s served by %s (%s; %d since the last such line)"
                            .formatted(dependency, f.source(), why, count));
        }
    }

    /** One line for every second in which a pipeline's bulkhead (or adaptive limit) refused calls. */
    void rejectionBursts() {
        for (var pipeline : registry.all()) {
            var seen = lastRejected.get(pipeline.dependency());
            if (seen == null) {
                continue;
            }
            long now = pipeline.limiter().rejectedCount();
            long burst = now - seen.getAndSet(now);
            if (burst > 0) {
                emit(
                        Logger.Level.WARN,
                        "bulkhead_rejections",
                        pipeline.dependency(),
                        "admitting",
                        "full",
                        burst + " calls refused in the last second (limit "
                                + pipeline.limiter().limit() + ")",
                        "bulkhead for %s full: %d calls refused in the last second"
                                .formatted(pipeline.dependency(), burst));
            }
        }
    }

    private void emit(
            Logger.Level level,
            String event,
            String dependency,
            String from,
            String to,
            String reason,
            String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("service", service);
        fields.put("dependency", dependency);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("reason", reason);
        fields.forEach(MDC::put);
        try {
            LOG.log(level, message);
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }
}
