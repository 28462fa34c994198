package dev.resilientshop.productpage.web;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.pipeline.PipelineBuilder;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every outbound pipeline of the product page shares: the service label, the scheduler
 * (timers only), the breaker rule of seed 002 and the retry classification. Each client then
 * adds its own numbers (bulkhead size, timeout, hedging) where a reader looks for them, and
 * registers the pipeline here, which puts it on {@code /ops/state} and into the Prometheus
 * metrics under the seed's names.
 *
 * <p>Breaker settings ({@code shop.breaker.*}): opens after {@code consecutive-failures} (5,
 * seed 002: "after 5 consecutive timeouts") or when half of the last 100 calls failed; waits
 * {@code reset-timeout} before one half-open probe. Seed 002's incident waited 30 s; the shop's
 * default is 5 s so a person breaking things (and the drills) see the breaker close again
 * without waiting half a minute. Set {@code SHOP_BREAKER_RESET_TIMEOUT=30s} for the seed's value.
 *
 * <p>Render reserve ({@code shop.page.render-reserve}, 100 ms): every attempt's timeout is cut to
 * the page deadline minus this, so a page whose dependency hangs still has time to fall back,
 * render and send within its budget. 50 ms was too little on a busy two-core machine: the pages
 * that waited out a hanging pricing service reached 513 ms at the client (drill 4).
 */
@ApplicationScoped
public class Pipelines {

    private final PipelineRegistry registry;
    private final ResilienceMode mode;
    private final Scheduler scheduler;
    private final String service;
    private final int consecutiveFailures;
    private final double failureRate;
    private final Duration resetTimeout;
    private final Duration renderReserve;

    Pipelines(PipelineRegistry registry, Scheduler scheduler, ResilienceMode mode,
            @ConfigProperty(name = "shop.instance", defaultValue = "product-page") String service,
            @ConfigProperty(name = "shop.breaker.consecutive-failures", defaultValue = "5") int consecutiveFailures,
            @ConfigProperty(name = "shop.breaker.failure-rate", defaultValue = "50") double failureRate,
            @ConfigProperty(name = "shop.breaker.reset-timeout", defaultValue = "5s") Duration resetTimeout,
            @ConfigProperty(name = "shop.page.render-reserve", defaultValue = "100ms") Duration renderReserve) {
        this.registry = registry;
        this.mode = mode;
        this.scheduler = scheduler;
        this.service = service;
        this.consecutiveFailures = consecutiveFailures;
        this.failureRate = failureRate;
        this.resetTimeout = resetTimeout;
        this.renderReserve = renderReserve;
    }

    /** A builder with the shared settings; the caller adds limit, retry, timeout, hedging. */
    public PipelineBuilder builder(String dependency) {
        return ResiliencePipeline.builder(dependency)
                .service(service)
                .scheduler(scheduler)
                .reserve(renderReserve)
                .switchedOff(mode.layerOff()) // PUT /ops/resilience {"off":[...]}: one pattern at a time
                .circuitBreaker(b -> b.consecutiveFailureThreshold(consecutiveFailures)
                        .failureRateThreshold(failureRate)
                        .resetTimeout(resetTimeout)
                        .ignoreException(Failures.NOT_A_HEALTH_SIGNAL));
    }

    public ResiliencePipeline register(PipelineBuilder builder) {
        return registry.register(builder.build());
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public String service() {
        return service;
    }
}
