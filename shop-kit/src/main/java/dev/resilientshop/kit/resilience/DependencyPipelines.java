package dev.resilientshop.kit.resilience;

import dev.resilientshop.resilience.bulkhead.BulkheadConfig;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.core.Validate;
import dev.resilientshop.resilience.limit.AimdConfig;
import dev.resilientshop.resilience.limit.GradientConfig;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.limit.RttFloor;
import dev.resilientshop.resilience.pipeline.PipelineBuilder;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way a service declares a protected dependency: its settings under
 * {@code shop.dependency.<name>.*} ({@link DependencyConfig}, defaults written once there), and
 * {@link #pipeline(String)}, which builds its
 * {@code Bulkhead(CircuitBreaker(Retry(Timeout(call))))} from them (an adaptive limit in place of
 * the bulkhead, and hedged reads inside the retry, where it declares them) and registers it. Registering
 * is what binds its metrics ({@link ResilienceBeans} binds the registry to Micrometer under the
 * seed's names) and puts it on {@code /ops/state}.
 *
 * <p>Every pipeline reads a failure with {@link HealthSignal}: a 4xx other than 408/429 is the
 * caller's fault, neither a breaker failure nor retried; a 5xx, 408, 429, a timeout or a
 * connection error is the dependency's. Every pipeline follows {@code PUT /ops/resilience}
 * ({@link ResilienceMode#layerOff()}).
 *
 * <p>Settings are checked when the service starts ({@link #check}): a bad value (a zero timeout,
 * a failure rate of 150 %) stops the start with the property's name, instead of failing the first
 * call that needs the dependency. (No Bean Validation: the shop has no validator extension, and the
 * library's builders already know every range.)
 */
@ApplicationScoped
public class DependencyPipelines {

    static final String PREFIX = "shop.dependency.";
    private static final Pattern REST_CLIENT_URL =
            Pattern.compile("(?:%[^.]+\\.)?quarkus\\.rest-client\\.([^.\"]+)\\.url");

    private final DependencyConfigs configs;
    private final PipelineRegistry registry;
    private final Scheduler scheduler;
    private final ResilienceMode mode;
    private final String service;

    public DependencyPipelines(
            DependencyConfigs configs,
            PipelineRegistry registry,
            Scheduler scheduler,
            ResilienceMode mode,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String service) {
        this.configs = configs;
        this.registry = registry;
        this.scheduler = scheduler;
        this.mode = mode;
        this.service = service;
    }

    void checkAtStart(@Observes StartupEvent start, Config config) {
        check(restClients(config.getPropertyNames()));
    }

    /**
     * {@link #check()}, and every name under {@code shop.dependency.*} is one of {@code known}, the
     * dependencies the service calls ({@link #restClients}): a misspelt name would otherwise be a
     * dependency of its own that nobody calls, and the real one would run on the defaults.
     */
    public void check(Set<String> known) {
        for (String dependency : new TreeSet<>(configs.all().keySet())) {
            if (!known.contains(dependency)) {
                throw new IllegalArgumentException(
                        PREFIX + dependency + ".*: this service has no dependency named '" + dependency
                                + "'; it calls " + String.join(", ", new TreeSet<>(known))
                                + " (the names of its REST clients, quarkus.rest-client.<name>.url)");
            }
        }
        check();
    }

    /** The names of the REST clients among {@code propertyNames} ({@code quarkus.rest-client.<name>.url}). */
    public static Set<String> restClients(Iterable<String> propertyNames) {
        var names = new TreeSet<String>();
        for (String property : propertyNames) {
            var m = REST_CLIENT_URL.matcher(property);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every dependency that has settings, checked; throws {@link IllegalArgumentException} naming the first bad property. */
    public void check() {
        configs.all()
                .forEach((dependency, config) ->
                        build(dependency, config, scheduler.clock(), b -> b.scheduler(scheduler))); // thrown away
    }

    /** The calling service's name: the {@code service} label of its pipelines' metrics. */
    public String service() {
        return service;
    }

    /** The settings of {@code dependency}. */
    public DependencyConfig config(String dependency) {
        return configs.of(dependency);
    }

    /** The dependency's pipeline, built and registered on first use. */
    public ResiliencePipeline pipeline(String dependency) {
        return pipeline(dependency, p -> {});
    }

    /**
     * The dependency's pipeline, built and registered on first use; {@code whenBuilt} sees it once,
     * before anyone calls through it (to listen to its breaker, say).
     */
    public ResiliencePipeline pipeline(String dependency, Consumer<ResiliencePipeline> whenBuilt) {
        return registry.computeIfAbsent(dependency, d -> {
            var pipeline = build(d);
            whenBuilt.accept(pipeline);
            return pipeline;
        });
    }

    private ResiliencePipeline build(String dependency) {
        return build(
                dependency,
                configs.of(dependency),
                scheduler.clock(),
                b -> b.service(service)
                        .scheduler(scheduler)
                        .switchedOff(mode.layerOff())); // PUT /ops/resilience {"off":[...]}: one pattern at a time
    }

    /**
     * Checks one dependency's settings with the property names a person writes, then builds its
     * pipeline, which runs the library's own checks (ranges this class does not repeat); a value
     * those refuse is reported with the dependency's prefix.
     */
    static ResiliencePipeline build(
            String dependency, DependencyConfig config, Clock clock, UnaryOperator<PipelineBuilder> with) {
        String at = PREFIX + dependency + ".";
        var breaker = config.breaker();
        var bulkhead = config.bulkhead();
        var retry = config.retry();
        Validate.positive(at + "timeout", config.timeout());
        Validate.notNegative(at + "reserve", config.reserve());
        Validate.atLeast(at + "breaker.consecutive-failures", breaker.consecutiveFailures(), 1);
        Validate.inHalfOpenRange(at + "breaker.failure-rate", breaker.failureRate(), 0, 100);
        Validate.atLeast(at + "breaker.window", breaker.window(), 1);
        Validate.atLeast(at + "breaker.minimum-calls", breaker.minimumCalls(), 1);
        Validate.positive(at + "breaker.reset-timeout", breaker.resetTimeout());
        breaker.slowCallDuration().ifPresent(d -> Validate.positive(at + "breaker.slow-call-duration", d));
        Validate.atLeast(at + "bulkhead.max-concurrent-calls", bulkhead.maxConcurrentCalls(), 1);
        Validate.notNegative(at + "bulkhead.max-wait", bulkhead.maxWait());
        Validate.atMost(at + "bulkhead.max-wait", bulkhead.maxWait(), BulkheadConfig.MAX_MAX_WAIT);
        Validate.atLeast(at + "retry.max-attempts", retry.maxAttempts(), 1);
        Validate.positive(at + "retry.base-delay", retry.baseDelay());
        config.limit().ifPresent(limit -> {
            Validate.atLeast(at + "limit.min", limit.min(), 1);
            Validate.atLeast(at + "limit.max", limit.max(), limit.min());
            Validate.atLeast(at + "limit.initial", limit.initial(), limit.min());
            Validate.atLeast(at + "limit.max", limit.max(), limit.initial());
            Validate.notNegative(at + "limit.rtt-floor", limit.rttFloor());
        });
        config.hedge().ifPresent(hedge -> {
            hedge.delay().ifPresent(d -> Validate.positive(at + "hedge.delay", d));
            Validate.inHalfOpenRange(at + "hedge.percentile", hedge.percentile(), 0, 1);
            Validate.atLeast(at + "hedge.max-extra", hedge.maxExtra(), 1);
        });
        try {
            var builder = ResiliencePipeline.builder(dependency)
                    .timeout(config.timeout())
                    .reserve(config.reserve())
                    .bulkhead(BulkheadConfig.builder()
                            .maxConcurrentCalls(bulkhead.maxConcurrentCalls())
                            .maxWait(bulkhead.maxWait())
                            .build())
                    .circuitBreaker(b -> b.consecutiveFailureThreshold(breaker.consecutiveFailures())
                            .failureRateThreshold(breaker.failureRate())
                            .countBasedWindow(breaker.window())
                            .minimumNumberOfCalls(breaker.minimumCalls())
                            .resetTimeout(breaker.resetTimeout())
                            .slowCallDurationThreshold(
                                    breaker.slowCallDuration().orElse(config.timeout()))
                            .ignoreException(HealthSignal.CALLERS_FAULT))
                    .retry(r -> r.maxAttempts(retry.maxAttempts())
                            .baseDelay(retry.baseDelay())
                            .retryOn(HealthSignal.TRANSIENT));
            config.limit().ifPresent(limit -> builder.adaptiveLimit(limit(limit, clock)));
            config.hedge()
                    .ifPresent(hedge -> builder.hedging(h -> {
                        hedge.delay()
                                .ifPresentOrElse(
                                        h::fixedDelay,
                                        () -> h.percentileDelay(hedge.percentile(), hedge.initialDelay()));
                        h.minSamples(hedge.minSamples())
                                .maxHedges(hedge.maxExtra())
                                .budget(hedge.budgetRatio(), hedge.budgetReserve())
                                .histogramWindow(hedge.histogramWindow());
                    }));
            return with.apply(builder).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "*: " + e.getMessage(), e);
        }
    }

    /** The declared adaptive limit, its round trips floored at {@code rtt-floor} when that is above 0. */
    static Limit limit(DependencyConfig.AdaptiveLimit config, Clock clock) {
        var limit = switch (config.algorithm()) {
            case AIMD -> {
                var aimd = config.aimd();
                yield Limit.aimd(AimdConfig.builder()
                        .initialLimit(config.initial())
                        .minLimit(config.min())
                        .maxLimit(config.max())
                        .backoffRatio(aimd.backoffRatio())
                        .growWhenUsed(aimd.growWhenUsed())
                        .queueingThreshold(aimd.queueingThreshold())
                        .rttSmoothing(aimd.rttSmoothing())
                        .baselineSmoothing(aimd.baselineSmoothing())
                        .baselineWindow(aimd.baselineWindow())
                        .clock(clock)
                        .build());
            }
            case GRADIENT -> {
                var gradient = config.gradient();
                yield Limit.gradient(GradientConfig.builder()
                        .initialLimit(config.initial())
                        .minLimit(config.min())
                        .maxLimit(config.max())
                        .rttTolerance(gradient.rttTolerance())
                        .smoothing(gradient.smoothing())
                        .longWindow(gradient.longWindow())
                        .build());
            }
        };
        return config.rttFloor().isZero() ? limit : new RttFloor(limit, config.rttFloor());
    }
}
