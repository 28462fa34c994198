package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.bulkhead.Bulkhead;
import dev.resilientshop.resilience.bulkhead.BulkheadConfig;
import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.core.Validate;
import dev.resilientshop.resilience.hedge.HedgeConfig;
import dev.resilientshop.resilience.hedge.Hedging;
import dev.resilientshop.resilience.limit.AdaptiveLimiter;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.retry.Retry;
import dev.resilientshop.resilience.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds a {@link ResiliencePipeline}. Every layer has the seeds' defaults; customise a layer by
 * editing its config builder, so the pipeline's clock is set in each config for you:
 *
 * <pre>{@code
 * ResiliencePipeline inventory = ResiliencePipeline.builder("inventory")
 *     .service("product-page")
 *     .scheduler(scheduler)
 *     .bulkhead(100)                                   // seed 002
 *     .circuitBreaker(b -> b.consecutiveFailureThreshold(5).resetTimeout(ofSeconds(30)))
 *     .retry(r -> r.maxAttempts(3))
 *     .timeout(ofSeconds(1))
 *     .hedging(h -> h.maxHedges(1))                   // reads only, see readAsync
 *     .build();
 * }</pre>
 */
public final class PipelineBuilder {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESERVE = Duration.ZERO;

    private final String dependency;
    private String service = "unknown";
    private Scheduler scheduler;
    private ConcurrencyLimiter limiter;
    private BulkheadConfig bulkheadConfig = BulkheadConfig.ofDefaults();
    private Consumer<CircuitBreakerConfig.Builder> breaker = b -> {};
    private Consumer<RetryConfig.Builder> retry = r -> {};
    private Consumer<HedgeConfig.Builder> hedging;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration reserve = DEFAULT_RESERVE;
    private Executor fallbackExecutor;
    private Predicate<Layer> off = layer -> false;

    PipelineBuilder(String dependency) {
        this.dependency = Objects.requireNonNull(dependency, "dependency");
    }

    /** The calling service's name: the {@code service} label of the metrics. */
    public PipelineBuilder service(String name) {
        service = Objects.requireNonNull(name);
        return this;
    }

    /** Where delays run and where time comes from; default: a daemon single-thread executor and the system clock. */
    public PipelineBuilder scheduler(Scheduler s) {
        scheduler = s;
        return this;
    }

    /** A fixed bulkhead of {@code maxConcurrentCalls} (default 50). */
    public PipelineBuilder bulkhead(int maxConcurrentCalls) {
        return bulkhead(BulkheadConfig.ofMaxConcurrentCalls(maxConcurrentCalls));
    }

    public PipelineBuilder bulkhead(BulkheadConfig config) {
        bulkheadConfig = config;
        limiter = null;
        return this;
    }

    /** An adaptive limit instead of the fixed bulkhead (seed 002's AIMD: {@code Limit.aimd(...)}). */
    public PipelineBuilder adaptiveLimit(Limit limit) {
        limiter = AdaptiveLimiter.of(dependency, limit);
        return this;
    }

    public PipelineBuilder circuitBreaker(Consumer<CircuitBreakerConfig.Builder> customizer) {
        breaker = customizer;
        return this;
    }

    public PipelineBuilder retry(Consumer<RetryConfig.Builder> customizer) {
        retry = customizer;
        return this;
    }

    /** One attempt only (non-idempotent calls without an idempotency key). */
    public PipelineBuilder noRetry() {
        retry = r -> r.maxAttempts(1);
        return this;
    }

    /** Per-attempt timeout (default 1 s), always cut to the deadline. */
    public PipelineBuilder timeout(Duration d) {
        timeout = Validate.positive("timeout", d);
        return this;
    }

    /** Time kept back from the deadline for what the caller does after the call (default 0). */
    public PipelineBuilder reserve(Duration d) {
        reserve = Validate.notNegative("reserve", d);
        return this;
    }

    /**
     * Where fallbacks run (default: the scheduler's {@link Scheduler#executor()}). Never the
     * timer threads: a fallback that blocks there delays every other pipeline's timeouts.
     */
    public PipelineBuilder fallbackExecutor(Executor e) {
        fallbackExecutor = Objects.requireNonNull(e, "fallbackExecutor");
        return this;
    }

    /** Enables hedging for {@link ResiliencePipeline#readAsync}, gated by this pipeline's breaker. */
    public PipelineBuilder hedging(Consumer<HedgeConfig.Builder> customizer) {
        hedging = customizer;
        return this;
    }

    /**
     * Which layers are switched off, asked on every call (default: none), so an operator can turn
     * one pattern off while the service runs and watch what it was doing ({@link Layer}).
     */
    public PipelineBuilder switchedOff(Predicate<Layer> isOff) {
        off = Objects.requireNonNull(isOff, "isOff");
        return this;
    }

    public ResiliencePipeline build() {
        Scheduler s = scheduler != null ? scheduler : Scheduler.of(defaultTimer(dependency));
        CircuitBreakerConfig.Builder cb = CircuitBreakerConfig.builder().clock(s.clock());
        breaker.accept(cb);
        CircuitBreaker circuitBreaker = CircuitBreaker.of(dependency, cb.build());
        RetryConfig.Builder rb = RetryConfig.builder();
        retry.accept(rb);
        Retry r = Retry.of(dependency, rb.build(), s);
        ConcurrencyLimiter l = limiter != null ? limiter : Bulkhead.of(dependency, bulkheadConfig);
        Hedging h = null;
        if (hedging != null) {
            HedgeConfig.Builder hb = HedgeConfig.builder().clock(s.clock());
            hedging.accept(hb);
            h = Hedging.forIdempotentReads(dependency, hb.build(), s, circuitBreaker);
        }
        Executor fallbacks = fallbackExecutor != null ? fallbackExecutor : s.executor();
        return new DefaultPipeline(service, dependency, s, fallbacks, l, circuitBreaker, r, h, timeout, reserve, off);
    }

    /** One daemon timer thread; cancelled timeouts leave its queue at once (most calls answer in time). */
    private static ScheduledThreadPoolExecutor defaultTimer(String dependency) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "resilience-" + dependency);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
